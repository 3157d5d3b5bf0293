package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The image (docker/Dockerfile), the chart (values.yaml) and the application configuration (src/main/resources/application.yml)
 * each repeat a few facts — port, health paths, model and cache locations. They are written in three languages, so
 * nothing but this test keeps them from drifting apart.
 */
class ImageChartConfigAgreementTest {

    private static String dockerfile;
    private static Map<String, Object> values;
    private static List<Map<String, Object>> applicationYml;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        values = ChartValues.load(ChartValues.CHART.resolve("values.yaml"));
        applicationYml = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of("src", "main", "resources", "application.yml"))) {
            for (Object document : new Yaml().loadAll(reader)) {
                applicationYml.add(asMap(document));
            }
        }
    }

    @Test
    void imageHealthcheckCallsTheReadinessPathTheChartProbes() {
        Matcher healthcheck = Pattern.compile("(?m)^HEALTHCHECK .*CMD \\[\"([^\"]+)\", \"([^\"]+)\"]$").matcher(dockerfile);

        assertThat(healthcheck.find()).as("HEALTHCHECK in exec form").isTrue();
        assertThat(healthcheck.group(1)).isEqualTo("/opt/aspd/bin/healthcheck");
        assertThat(healthcheck.group(2)).isEqualTo(ChartValues.probePaths().readiness());
    }

    @Test
    void imageChartAndServerUseTheSamePort() {
        Object serverPort = ChartValues.child(applicationYml.get(0), "server").get("port");

        assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + serverPort + "$");
        assertThat(values.get("containerPort")).isEqualTo(serverPort);
    }

    @Test
    void chartUsesTheModelAndCacheLocationsOfTheImage() {
        assertThat(dockerEnv("ASPD_MODEL_PATH")).isEqualTo(ChartValues.child(values, "model").get("embeddedPath"));
        assertThat(dockerEnv("DJL_CACHE_DIR")).isEqualTo("/var/cache/djl");
        assertThat(dockerEnv("DJL_OFFLINE")).isEqualTo("true");
        assertThat(dockerEnv("OPT_OUT_TRACKING")).isEqualTo("true");
    }

    @Test
    void serverExposesTheProbeGroupsAndMetricsInEveryProfile() {
        Map<String, Object> management = ChartValues.child(applicationYml.get(0), "management");
        Map<String, Object> health = ChartValues.child(ChartValues.child(management, "endpoint"), "health");

        assertThat(ChartValues.child(health, "probes")).containsEntry("enabled", true);
        for (Map<String, Object> document : applicationYml) {
            Object exposed = exposure(document);
            if (exposed != null) {
                assertThat(exposed.toString()).as("exposure in %s", document.get("spring"))
                        .satisfiesAnyOf(
                                list -> assertThat(list).isEqualTo("*"),
                                list -> assertThat(list.split(",\\s*")).contains("health", "prometheus"));
            }
        }
    }

    @Test
    void configurationDefinesTheDevAndProdProfiles() {
        List<Object> profiles = applicationYml.stream()
                .skip(1)
                .map(document -> ChartValues.child(ChartValues.child(document, "spring"), "config"))
                .map(config -> ChartValues.child(config, "activate").get("on-profile"))
                .toList();

        assertThat(profiles).containsExactlyInAnyOrder("dev", "prod");
        assertThat(values.get("springProfiles")).isEqualTo("prod");
    }

    private static Object exposure(Map<String, Object> document) {
        Object current = document;
        for (String key : List.of("management", "endpoints", "web", "exposure", "include")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static String dockerEnv(String name) {
        Matcher value = Pattern.compile("(?m)^(?:ENV)?\\s+" + name + "=(\\S+)").matcher(dockerfile);
        assertThat(value.find()).as("%s set in the Dockerfile", name).isTrue();
        return value.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object document) {
        return (Map<String, Object>) document;
    }
}
