package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.api.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Postman collection in postman/ passes against the packaged server on the embedded model, run by newman as a user
 * runs it from the command line. The server requires an API key, which the run passes as the environment's
 * {@code apiKey}, so that the collection's authentication cases answer 401 as they would in production. newman's
 * reports (cli output, JSON, JUnit XML) and the server log are kept in {@code target/postman-it}.
 */
class PostmanCollectionIT {
    static final Path COLLECTION = Path.of("postman", "aspd-server.postman_collection.json");
    static final Path ENVIRONMENT = Path.of("postman", "aspd-server.postman_environment.json");
    private static final Path WORK = Path.of("target", "postman-it");
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration RUN = Duration.ofMinutes(10);

    @Test
    void everyRequestOfTheCollectionPassesItsTests() throws Exception {
        Newman.requireInstalled();
        ModelUnderTest model = ModelUnderTest.configured();
        String apiKey = "it-" + UUID.randomUUID();

        try (ServerProcess server = ServerProcess.start(ServerJar.locate(), List.of(
                "--aspd.model.path=" + model.folder().toAbsolutePath(),
                "--aspd.security.api-keys=" + apiKey), WORK.resolve("server.log"))) {
            server.awaitReady(STARTUP);

            Newman.Run run = Newman.run(COLLECTION, ENVIRONMENT,
                    Map.of("baseUrl", server.baseUri().toString(), "apiKey", apiKey), WORK, RUN);

            assertThat(run.exitCode()).as("newman failed:%n%s%nserver log: %s", run.output(), server.log()).isZero();
            assertThat(run.failedAssertions()).as(run.output()).isZero();
            assertThat(run.requests()).as("requests run").isEqualTo(requestsIn(COLLECTION));
            assertThat(run.requestsWithoutAssertions()).as("requests that test nothing").isEmpty();
        }
    }

    /** Requests in a collection, counted through its folders. */
    private static int requestsIn(Path collection) throws IOException {
        return count(Wire.json(Files.readString(collection)).get("item"));
    }

    private static int count(JsonNode items) {
        int requests = 0;
        for (JsonNode item : items) {
            requests += item.has("request") ? 1 : count(item.get("item"));
        }
        return requests;
    }
}
