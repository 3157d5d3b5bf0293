package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar aspd-server.jar} started from an empty folder, with no arguments but its port: the jar carries its
 * configuration and the embedded model, unpacks the model once into the temporary folder, serves it, exposes the probes
 * and metrics, and shuts down gracefully.
 */
class JarFromAnyDirectoryIT {
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    @Test
    void theJarServesTheEmbeddedModelFromAnEmptyFolder(@TempDir Path workingDirectory, @TempDir Path tmp)
            throws Exception {
        Path log = Path.of("target", "jar-from-any-directory.log");
        HttpClient http = HttpClient.newHttpClient();
        ServerProcess server = ServerProcess.start(ServerJar.locate(), List.of("-Djava.io.tmpdir=" + tmp), List.of(),
                log, workingDirectory);
        try {
            server.awaitReady(READY_WITHIN);

            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(server.baseUri()
                            .resolve("/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":"
                            + "\"Name three colours.\"}],\"max_tokens\":16}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            JsonNode answer = JsonMapper.builder().build().readTree(chat.body());
            assertThat(answer.get("model").asString()).isEqualTo("aspd-mini");
            assertThat(answer.get("choices").get(0).get("message").get("content").asString()).isNotBlank();

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.baseUri()
                    .resolve("/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("application=\"aspd-server\"");

            try (Stream<Path> unpacked = Files.list(tmp.resolve("aspd-server"))) {
                assertThat(unpacked.map(path -> path.getFileName().toString()))
                        .singleElement().asString().startsWith("aspd-mini-");
            }
            try (Stream<Path> leftovers = Files.list(workingDirectory)) {
                assertThat(leftovers).as("nothing written to the working directory").isEmpty();
            }
        } finally {
            assertThat(server.stop()).as("ended within the graceful phase").isTrue();
        }
        assertThat(Files.readString(log)).contains("Graceful shutdown complete");
    }
}
