package io.aspd.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: unlike WebTestClient or java.net.http, nothing normalizes the
 * request target ({@code /v1;x=1/models}, {@code /%76%31/...}, {@code //v1/...} reach the server as written), and a
 * body may be any bytes, valid UTF-8 or not. One request per connection, read by its framing (Content-Length or chunked)
 * and closed by the client: the connection is kept alive on the server's side, so that a server that answers before
 * reading the body (401, 404, 415) drops the unread body instead of resetting the connection under the answer.
 */
final class RawHttp {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private RawHttp() {
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code method target} with the given extra header lines (each "Name: value") and body. */
    static Response send(int port, String method, String target, byte[] body, String... headerLines) {
        try (Connection connection = new Connection(port, READ_TIMEOUT)) {
            return connection.exchange(method, target, body, headerLines);
        }
    }

    static Response send(int port, String method, String target, String jsonBody, String... headerLines) {
        return send(port, method, target, jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8),
                headerLines);
    }

    /**
     * One connection that requests go over one after another (HTTP/1.1 keep-alive), each answer read by its framing
     * before the next request is written. A read that waits longer than the timeout fails.
     */
    static final class Connection implements AutoCloseable {
        private final int port;
        private final Socket socket;
        private final InputStream in;

        Connection(int port, Duration readTimeout) {
            this.port = port;
            try {
                socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout((int) readTimeout.toMillis());
                in = new BufferedInputStream(socket.getInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException("connect to 127.0.0.1:" + port, e);
            }
        }

        Response exchange(String method, String target, byte[] body, String... headerLines) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return read(in, method.equals("HEAD"));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + target, e);
            }
        }

        Response exchange(String method, String target, String jsonBody, String... headerLines) {
            return exchange(method, target, jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8),
                    headerLines);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body;
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunks(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
            out.write(in.readNBytes(size));
            line(in);
        }
        String trailer;
        do { // trailer lines up to the blank line that ends the body (this server sends none)
            trailer = line(in);
        } while (!trailer.isEmpty());
        return out.toByteArray();
    }

    private static int chunkSize(InputStream in) throws IOException {
        return Integer.parseInt(line(in).split(";")[0].trim(), 16);
    }

    /** One CRLF-terminated line, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of a response");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
