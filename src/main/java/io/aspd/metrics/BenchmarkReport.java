package io.aspd.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The measured, lossless speed-up written by the benchmark ({@code aspd.metrics.benchmark-report}): the same model and
 * prompts decoded with branches in parallel, one after another, and without ASPD, timed side by side.
 *
 * @param speedupParallelVsSequential wall-clock ratio of sequential to parallel decoding of the same answers
 * @param speedupParallelVsOff        wall-clock ratio of plain autoregressive decoding to parallel decoding
 * @param measuredAt                  when the benchmark ran, as it wrote it
 * @param byCategory                  the benchmark's per-category figures, passed on as written
 */
public record BenchmarkReport(Double speedupParallelVsSequential, Double speedupParallelVsOff, String measuredAt,
                              Map<String, Object> byCategory) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Reads the report; empty when the file does not exist (the benchmark has not run).
     *
     * @throws IllegalArgumentException when the file exists but is not a report
     */
    public static Optional<BenchmarkReport> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + " is not a JSON object");
        }
        Map<String, Object> byCategory = root.path("by_category").isObject()
                ? JSON.convertValue(root.get("by_category"), LinkedHashMap.class) : null;
        return Optional.of(new BenchmarkReport(number(root, "speedup_parallel_vs_sequential"),
                number(root, "speedup_parallel_vs_off"),
                root.path("measured_at").isString() ? root.get("measured_at").asString() : null, byCategory));
    }

    private static Double number(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isNumber() ? value.asDouble() : null;
    }
}
