package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aspd.engine.InferenceEngine;
import io.aspd.serving.Admission;
import io.aspd.serving.ModelService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * A client that goes away stops its generation: the engine drops it at its next step (its running count falls back,
 * and the generation ends as cancelled, not finished), and the admission permit comes back.
 */
class CancellationTest extends PlainModelServerTest {
    /** Long enough to be still running when the client leaves: the prompt plus this fill most of the test context. */
    private static final int LONG = 450;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    ModelService models;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Admission admission;

    private InferenceEngine engine;
    private WebClient web;

    @BeforeEach
    void setUp() {
        engine = models.ready().orElseThrow().engine();
        web = WebClient.create("http://localhost:" + port);
        await().atMost(PATIENCE).until(() -> engine.runningCount() == 0);
    }

    @Test
    void aStreamingClientThatDisconnectsStopsItsGeneration() {
        double cancelledBefore = cancelled();
        Disposable client = web.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Wire.chat("max_tokens", LONG, "temperature", 0, "stream", true))
                .retrieve().bodyToFlux(String.class)
                .subscribe();
        await().atMost(PATIENCE).until(() -> engine.runningCount() == 1);

        client.dispose();

        await().atMost(PATIENCE).until(() -> engine.runningCount() == 0);
        await().atMost(PATIENCE).until(() -> cancelled() == cancelledBefore + 1);
        await().atMost(PATIENCE).until(() -> availablePermits() == admission.maxSequences());
    }

    @Test
    void aNonStreamingClientThatDisconnectsStopsItsGenerationToo() {
        double cancelledBefore = cancelled();
        Disposable client = web.post().uri("/v1/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Wire.completion("max_tokens", LONG, "temperature", 0))
                .retrieve().bodyToMono(String.class)
                .subscribe();
        await().atMost(PATIENCE).until(() -> engine.runningCount() == 1);

        client.dispose();

        await().atMost(PATIENCE).until(() -> engine.runningCount() == 0);
        await().atMost(PATIENCE).until(() -> cancelled() == cancelledBefore + 1);
        await().atMost(PATIENCE).until(() -> availablePermits() == admission.maxSequences());
    }

    private double cancelled() {
        return meters.get("aspd.request_success").tag("finished_reason", "cancelled").counter().count();
    }

    private double availablePermits() {
        return meters.get("resilience4j.bulkhead.available.concurrent.calls").tag("name", Admission.BULKHEAD_NAME)
                .gauge().value();
    }
}
