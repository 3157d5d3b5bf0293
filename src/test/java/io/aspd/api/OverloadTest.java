package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * More clients than the server admits: one generation at a time and one waiting request. Everything beyond that is
 * turned away at once with 429 and Retry-After, before any event of a stream; admitted requests complete; nothing
 * fails with a 5xx.
 */
@TestPropertySource(properties = {
        "aspd.engine.max-sequences=1",
        "aspd.admission.max-queue=1",
        "aspd.admission.queue-timeout=120s"})
class OverloadTest extends PlainModelServerTest {
    private static final int CLIENTS = 6;

    @LocalServerPort
    int port;

    record Outcome(int status, String retryAfter, String contentType, String body) {
    }

    @Test
    void clientsBeyondTheBulkheadAndQueueGet429WithRetryAfterAndTheOthersComplete() {
        WebClient web = WebClient.create("http://localhost:" + port);
        List<Outcome> outcomes = Flux.range(0, CLIENTS)
                .flatMap(i -> web.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Wire.chat("max_tokens", 300, "temperature", 0, "stream", i % 2 == 0))
                        .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                                .map(body -> new Outcome(response.statusCode().value(),
                                        response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER),
                                        String.valueOf(response.headers().contentType().orElse(null)), body))),
                        CLIENTS)
                .collectList()
                .block(Duration.ofMinutes(5));

        assertThat(outcomes).hasSize(CLIENTS);
        assertThat(outcomes).allMatch(o -> o.status() == 200 || o.status() == 429);
        List<Outcome> completed = outcomes.stream().filter(o -> o.status() == 200).toList();
        List<Outcome> rejected = outcomes.stream().filter(o -> o.status() == 429).toList();
        assertThat(completed).hasSizeGreaterThanOrEqualTo(1);
        assertThat(rejected).hasSizeGreaterThanOrEqualTo(1);
        for (Outcome o : rejected) {
            assertThat(Long.parseLong(o.retryAfter())).isPositive();
            assertThat(o.contentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
            assertThat(Wire.json(o.body()).get("error").get("code").asString()).isEqualTo("queue_full");
        }
        for (Outcome o : completed) {
            if (o.contentType().startsWith(MediaType.TEXT_EVENT_STREAM_VALUE)) {
                assertThat(Wire.sseChunks(o.body())).isNotEmpty();
            } else {
                assertThat(Wire.json(o.body()).get("choices")).hasSize(1);
            }
        }
    }
}
