package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A client that leaves before its body has arrived made a failed request, not a server fault. */
class ClientDisconnectTest extends PlainModelServerTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void release() {
        root.detachAppender(log);
    }

    @Test
    void aClientGoneBeforeItsBodyIsNoError() throws Exception {
        for (String route : List.of(ApiRoutes.CHAT_COMPLETIONS, ApiRoutes.COMPLETIONS, ApiRoutes.TOKENIZE,
                ApiRoutes.DETOKENIZE)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // the server asks for the body once its handler reads it: only then does the client leave
                assertThat(new String(socket.getInputStream().readNBytes(25), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 100 Continue");
                out.write("{\"model\":".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        // a disconnect noticed while the body is read is answered by one INFO line; one noticed after the exchange
        // was cancelled (the race is the server's) only reaches Reactor's dropped-error hook, at DEBUG
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(List.copyOf(log.list))
                .anyMatch(event -> event.getFormattedMessage().contains("the client closed the connection")));
        assertThat(List.copyOf(log.list)).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .allMatch(event -> event.getThrowableProxy() == null);
        assertThat(RawHttp.send(port, "POST", ApiRoutes.TOKENIZE, Wire.object("prompt", "x")).status()).isEqualTo(200);
    }
}
