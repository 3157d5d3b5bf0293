package io.aspd.api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A server on a random port serving the tiny random model, with small budgets so that tests stay fast. Test classes
 * with the same extra properties share one application context (and one loaded model).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aspd.model.name=" + ServerTest.MODEL,
        "aspd.engine.default-max-tokens=8",
        "aspd.engine.threads=1",
        "aspd.admission.max-concurrent=4",
        "aspd.admission.max-queue=8",
        "aspd.metrics.benchmark-report=target/no-benchmark-report.json"})
@AutoConfigureWebTestClient
abstract class ServerTest {
    static final String MODEL = "tiny";

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("aspd.model.path", () -> TinyModelFolder.shared().toString());
    }
}
