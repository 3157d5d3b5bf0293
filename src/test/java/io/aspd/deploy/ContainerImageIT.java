package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import io.aspd.api.Wire;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The image as users get it, run as the Helm chart runs it: built from docker/Dockerfile with the repository root as
 * context, started from the Deployment the chart renders with API keys, autoscaling on waiting requests and a
 * ServiceMonitor enabled ({@link ChartPod}), and called only through its port published on 127.0.0.1. One container
 * serves every check. Needs a Docker daemon and the base image (see .ci/test); the build output, the rendered chart's
 * files and the server log are kept in {@code target/container-image-it}.
 */
class ContainerImageIT {
    private static final Path WORK = Path.of("target", "container-image-it");
    private static final Path SERVER_LOG = WORK.resolve("server.log");
    private static final String API_KEY = "it-" + UUID.randomUUID();
    private static final String MODEL_CLAIM = "aspd-it-model";
    /** DJL unpacks ~430 MB of PyTorch libraries before the model loads; the shared CI machine is slow. */
    private static final Duration STARTUP = Duration.ofMinutes(5);
    /** One client for the whole test, so requests reuse kept-alive connections as real clients do. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int MAX_TOKENS = 24;

    private static RenderedChart chart;
    private static ChartPod pod;
    private static DockerImageBuild image;
    private static GenericContainer<?> server;

    @BeforeAll
    static void buildAndStart() throws IOException {
        ModelUnderTest model = ModelUnderTest.configured();
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        chart = HelmChart.render(values(model), WORK);
        pod = new ChartPod(chart);

        image = DockerImageBuild.build(Path.of("").toAbsolutePath(), Map.of(
                "BASE_IMAGE", DockerImageBuild.baseImageFromEnvironment(),
                "JAR_FILE", ServerJar.locate().toString()), "aspd-server-it:" + UUID.randomUUID());
        Map<String, Path> claims = model.embedded() ? Map.of() : Map.of(MODEL_CLAIM, model.folder());
        server = pod.container(image.tag(), WORK, claims)
                .withLogConsumer(frame -> append(SERVER_LOG, frame.getUtf8String()))
                .waitingFor(new ReadyAndHealthy(pod.probePaths().get("readiness"), pod.port())
                        .withStartupTimeout(STARTUP));
        server.start();
    }

    /** The chart's defaults plus every option that changes what the container must serve. */
    private static String values(ModelUnderTest model) {
        String values = """
                apiKeys:
                  enabled: true
                  keys: [%s]
                autoscaling:
                  enabled: true
                  waitingRequests:
                    enabled: true
                metrics:
                  serviceMonitor:
                    enabled: true
                """.formatted(API_KEY);
        if (!model.embedded()) {
            values += """
                    model:
                      volume:
                        enabled: true
                        existingClaim: %s
                    """.formatted(MODEL_CLAIM);
        }
        return values;
    }

    @AfterAll
    static void removeContainerAndImage() {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (image != null) {
                image.close();
            }
        }
    }

    @Test
    void everyProbeOfTheChartAnswersUpWithoutAnApiKey() {
        pod.probePaths().forEach((probe, path) -> {
            HttpResponse<String> response = get(path, null);

            assertThat(response.statusCode()).as("%s probe %s", probe, path).isEqualTo(200);
            assertThat(Wire.json(response.body()).get("status").asString()).as("%s probe", probe).isEqualTo("UP");
        });
    }

    @Test
    void dockerHealthcheckReportsTheContainerHealthy() {
        HealthState health = DockerClientFactory.instance().client().inspectContainerCmd(server.getContainerId())
                .exec().getState().getHealth();

        assertThat(health.getStatus()).isEqualTo("healthy");
        // Docker keeps a container healthy through up to --retries failed checks (a check can time out on a loaded
        // machine); what must hold is that the check itself ran and passed
        List<HealthStateLog> checks = health.getLog();
        assertThat(checks).extracting(HealthStateLog::getExitCodeLong).contains(0L);
    }

    @Test
    void apiNeedsTheKeyFromTheChartsSecret() {
        HttpResponse<String> anonymous = get("/v1/models", null);
        HttpResponse<String> wrongKey = get("/v1/models", "not-" + API_KEY);
        HttpResponse<String> withKey = get("/v1/models", API_KEY);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(Wire.json(anonymous.body()).get("error").get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(withKey.statusCode()).isEqualTo(200);
    }

    @Test
    void modelsListTheModelTheChartNames() {
        String name = pod.environment().get("ASPD_MODEL_NAME");

        JsonNode list = Wire.json(get("/v1/models", API_KEY).body());
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.get("data").get(0).get("id").asString()).isEqualTo(name);
        assertThat(list.get("data").get(0).get("max_model_len").asInt()).isPositive();

        HttpResponse<String> card = get("/v1/models/" + name, API_KEY);
        assertThat(card.statusCode()).isEqualTo(200);
        assertThat(Wire.json(card.body()).get("id").asString()).isEqualTo(name);
    }

    @Test
    void chatCompletionAnswersInOpenAiShape() {
        HttpResponse<String> response = post("/v1/chat/completions", chat(false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode completion = Wire.json(response.body());
        assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.get("model").asString()).isEqualTo(pod.environment().get("ASPD_MODEL_NAME"));
        JsonNode choice = completion.get("choices").get(0);
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").isString()).isTrue();
        assertThat(choice.get("finish_reason").asString()).isIn("stop", "length");
        JsonNode usage = completion.get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, MAX_TOKENS);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        JsonNode aspd = completion.get("aspd");
        assertThat(aspd.get("visible_tokens").asInt() + aspd.get("markup_tokens").asInt())
                .isEqualTo(usage.get("completion_tokens").asInt());
    }

    @Test
    void streamedChatCompletionIsFramedAsOpenAiServerSentEvents() {
        HttpResponse<String> response = post("/v1/chat/completions", chat(true));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> chunks = Wire.sseChunks(response.body()); // data: lines, blank lines, data: [DONE] last
        assertThat(chunks).allSatisfy(chunk ->
                assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk"));
        List<JsonNode> choice = Wire.choiceChunks(chunks, 0);
        assertThat(choice.get(0).get("delta").get("role").asString()).isEqualTo("assistant");
        assertThat(choice).filteredOn(c -> !c.get("finish_reason").isNull()).hasSize(1);
        assertThat(choice.get(choice.size() - 1).get("finish_reason").asString()).isIn("stop", "length");
        JsonNode usage = chunks.get(chunks.size() - 1).get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, MAX_TOKENS);
        assertThat(chunks).filteredOn(chunk -> chunk.has("aspd")).hasSize(1);
    }

    @Test
    void prometheusServesTheMetricTheAutoscalerScalesOnWhereTheServiceMonitorScrapes() {
        String metric = chart.one(HorizontalPodAutoscaler.class).getSpec().getMetrics().stream()
                .filter(spec -> "Pods".equals(spec.getType())).map(MetricSpec::getPods)
                .map(pods -> pods.getMetric().getName()).findFirst().orElseThrow();
        String path = serviceMonitorPath();

        HttpResponse<String> scrape = get(path, null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern("(?m)^" + metric + "(\\{[^}]*})? [0-9.eE+-]+$");
    }

    @Test
    void runsAsTheChartsUserWithoutCapabilitiesOnAReadOnlyRootFilesystem() throws Exception {
        ChartPod.RunAs user = pod.runAs();
        String status = exec("cat", "/proc/1/status").getStdout();

        assertThat(status).containsPattern("(?m)^Uid:\\s+" + user.uid() + "\\s")
                .containsPattern("(?m)^Gid:\\s+" + user.gid() + "\\s")
                .containsPattern("(?m)^CapEff:\\s+0+$")
                .containsPattern("(?m)^NoNewPrivs:\\s+1$");
        ExecResult writeRoot = exec("touch", "/opt/aspd/written-at-run-time");
        assertThat(writeRoot.getExitCode()).isNotZero();
        assertThat(writeRoot.getStderr()).contains("Read-only file system");
        assertThat(exec("touch", "/tmp/written-at-run-time").getExitCode()).isZero();
    }

    private static String chat(boolean stream) {
        return """
                {"model": "%s", "max_tokens": %d, "stream": %s, %s
                 "messages": [{"role": "user", "content": "Any tips for a faster Wi-Fi?"}]}
                """.formatted(pod.environment().get("ASPD_MODEL_NAME"), MAX_TOKENS, stream,
                stream ? "\"stream_options\": {\"include_usage\": true}," : "");
    }

    private static String serviceMonitorPath() {
        GenericKubernetesResource monitor = chart.generic("ServiceMonitor").orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>)
                ((Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get("endpoints");
        return (String) endpoints.get(0).get("path");
    }

    private static ExecResult exec(String... command) throws IOException, InterruptedException {
        return server.execInContainer(command);
    }

    private static HttpResponse<String> get(String path, String apiKey) {
        return send(request(path, apiKey).GET());
    }

    private static HttpResponse<String> post(String path, String json) {
        return send(request(path, API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpRequest.Builder request(String path, String apiKey) {
        // The port is published on the loopback address only (ChartPod), so the name localhost is not used.
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getMappedPort(pod.port()) + path))
                .timeout(Duration.ofMinutes(2));
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("request failed; server log: " + SERVER_LOG, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
