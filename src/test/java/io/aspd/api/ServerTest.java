package io.aspd.api;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A server on a random port with small budgets, so that tests stay fast; subclasses choose the model folder. Test
 * classes with the same model and extra properties share one application context (and one loaded model).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aspd.model.name=" + ServerTest.MODEL,
        "aspd.engine.default-max-tokens=8",
        "aspd.engine.threads=1",
        "aspd.engine.context-length=" + ServerTest.CONTEXT,
        "aspd.admission.max-queue=8",
        "aspd.metrics.benchmark-report=" + ServerTest.BENCHMARK_REPORT})
// Generous: on a busy 2-core machine a sampled answer (or the first request on a cold context) can take seconds.
@AutoConfigureWebTestClient(timeout = "PT60S")
abstract class ServerTest {
    static final String MODEL = "tiny";
    /** Shorter than the test models' 2048 positions, so that over-long requests are cheap to write. */
    static final int CONTEXT = 512;
    static final String BENCHMARK_REPORT = "target/test-benchmark-report.json";

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    WebTestClient.ResponseSpec post(String uri, String body) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** POSTs and expects 200 with a JSON body. */
    JsonNode ok(String uri, String body) {
        String response = post(uri, body).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        return Wire.json(response);
    }

    /** POSTs a streaming request and expects 200 with an event stream; returns the raw body. */
    String stream(String uri, String body) {
        return post(uri, body).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
