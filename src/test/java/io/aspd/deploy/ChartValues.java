package io.aspd.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's own files as data: the single source for facts that several checks must agree on, such as the probe
 * paths (used by the Deployment, the image's HEALTHCHECK and, against a running server, the container test).
 */
final class ChartValues {

    static final Path CHART = Path.of("helm", "aspd-server");

    private ChartValues() {
    }

    /** Actuator paths the Kubernetes probes call. */
    record ProbePaths(String startup, String liveness, String readiness) {
    }

    static ProbePaths probePaths() {
        Map<String, Object> probes = child(load(CHART.resolve("values.yaml")), "probes");
        return new ProbePaths(
                (String) child(probes, "startup").get("path"),
                (String) child(probes, "liveness").get("path"),
                (String) child(probes, "readiness").get("path"));
    }

    static String appVersion() {
        return String.valueOf(load(CHART.resolve("Chart.yaml")).get("appVersion"));
    }

    static Map<String, Object> load(Path yamlFile) {
        try (Reader reader = Files.newBufferedReader(yamlFile)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yamlFile, e);
        }
    }

    /** Reads a nested map: {@code child(values, "probes")}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("'" + key + "' is not a mapping but " + value);
        }
        return (Map<String, Object>) value;
    }
}
