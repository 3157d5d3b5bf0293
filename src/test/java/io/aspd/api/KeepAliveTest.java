package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many requests one after another on one kept-alive HTTP/1.1 connection all get their answer. Reactor Netty before
 * 1.3.8 could stop reading a keep-alive connection when a request arrived before the previous exchange had finished
 * terminating on the server (the client already had the whole answer): about one request in 40–75 after a chat POST was
 * never answered. Clients reuse connections by default, so such a request hangs until the client's own timeout.
 */
class KeepAliveTest extends PlainModelServerTest {
    private static final int ROUNDS = 150;
    /** Far above an answer's time here (milliseconds), far below a client's patience. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void everyRequestOnOneKeptAliveConnectionIsAnswered() {
        String chat = Wire.chat("messages", List.of(Map.of("role", "user", "content", "hi")),
                "max_tokens", 2);
        try (RawHttp.Connection connection = new RawHttp.Connection(port, READ_TIMEOUT)) {
            for (int round = 0; round < ROUNDS; round++) {
                assertThat(connection.exchange("POST", "/v1/chat/completions", chat,
                        "Content-Type: application/json").status()).as("chat, round %d", round).isEqualTo(200);
                assertThat(connection.exchange("GET", "/v1/models", (byte[]) null).status())
                        .as("models, round %d", round).isEqualTo(200);
                assertThat(connection.exchange("GET", "/actuator/health/liveness", (byte[]) null).status())
                        .as("liveness, round %d", round).isEqualTo(200);
            }
        }
    }
}
