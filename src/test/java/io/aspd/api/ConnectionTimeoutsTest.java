package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * Clients that stall in their request head or body, or drip their body, are cut by the server; short deadlines here,
 * so that the test is quick. The socket's own read timeout (far longer) only fails the test if the server never cuts.
 */
@TestPropertySource(properties = {
        "server.netty.idle-timeout=1s",
        "aspd.api.body-read-timeout=1s",
        "aspd.api.body-timeout=3s"})
class ConnectionTimeoutsTest extends PlainModelServerTest {
    private static final int NEVER_MILLIS = 60_000;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        log.start();
        root.addAppender(log);
    }

    /** A slow client is an expected condition: no ERROR, however often it happens. */
    @AfterEach
    void noErrorWasLogged() {
        root.detachAppender(log);
        assertThat(List.copyOf(log.list)).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    @Test
    void aClientStuckInItsHeadersIsCut() throws IOException {
        try (Socket socket = open()) {
            write(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: app");
            assertClosedByServer(socket);
        }
    }

    @Test
    void anIdleConnectionIsCut() throws IOException {
        try (Socket socket = open()) {
            assertClosedByServer(socket);
        }
    }

    @Test
    void aClientStalledInItsBodyIsCut() throws IOException {
        try (Socket socket = open()) {
            write(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"model\":");
            assertClosedByServer(socket);
        }
    }

    /** One byte at a time, each well within the read timeout: only the whole-body deadline stops it. */
    @Test
    void aClientDrippingItsBodyIsCut() throws Exception {
        try (Socket socket = open()) {
            write(socket, "POST /tokenize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n");
            Thread dripper = new Thread(() -> {
                try {
                    for (int i = 0; i < 100_000; i++) {
                        write(socket, " ");
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // cut by the server, as expected (or the test is over)
                }
            });
            dripper.setDaemon(true);
            dripper.start();
            try {
                assertClosedByServer(socket);
            } finally {
                dripper.interrupt();
            }
        }
    }

    @Test
    void aPromptClientIsServedOnTheSameServer() {
        assertThat(RawHttp.send(port, "POST", ApiRoutes.TOKENIZE, Wire.object("prompt", "x")).status())
                .isEqualTo(200);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(NEVER_MILLIS);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes the connection; whatever it sent first must not be a 5xx (408 at most). */
    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] received;
        try {
            received = in.readAllBytes(); // returns at end of stream; a SocketTimeoutException fails the test
        } catch (SocketException reset) {
            return; // closed with a reset: cut as well
        }
        String text = new String(received, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotStartWith("HTTP/1.1 5");
    }
}
