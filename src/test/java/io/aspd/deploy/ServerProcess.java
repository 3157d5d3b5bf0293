package io.aspd.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server started as users start it ({@code java -jar}, by default from the repository root so that
 * config/application.yml applies, or from any folder), listening on a free port of 127.0.0.1 only, with its output in
 * a log file.
 */
final class ServerProcess implements AutoCloseable {
    private static final String READINESS = "/actuator/health/readiness";
    /** The server's graceful shutdown phase is 30 s (src/main/resources/application.yml). */
    private static final Duration SHUTDOWN = Duration.ofSeconds(40);

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar.
     *
     * @param arguments further Spring Boot arguments, e.g. {@code --aspd.model.path=...}
     */
    static ServerProcess start(Path jar, List<String> arguments, Path log) throws IOException {
        return start(jar, List.of(), arguments, log, Path.of("."));
    }

    /**
     * Starts the jar in a working directory of its own.
     *
     * @param jvmOptions e.g. {@code -Djava.io.tmpdir=...}
     */
    static ServerProcess start(Path jar, List<String> jvmOptions, List<String> arguments, Path log,
                               Path workingDirectory) throws IOException {
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.address=127.0.0.1",
                "--server.port=" + port));
        command.addAll(arguments);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(workingDirectory.toFile())
                .redirectOutput(log.toAbsolutePath().toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return new ServerProcess(builder.start(), port, log);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return log;
    }

    /** Waits until readiness answers 200 (model loaded and warmed); fails early when the process ends. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(baseUri().resolve(READINESS)).timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + " before it was"
                        + " ready:\n" + logTail());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server was not ready within " + timeout + ":\n" + logTail());
    }

    /** The last lines of the server's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server as a container runtime would: SIGTERM, then SIGKILL after the graceful phase. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Like {@link #close()}; true when the server ended by itself within the graceful phase (no SIGKILL needed). */
    boolean stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
