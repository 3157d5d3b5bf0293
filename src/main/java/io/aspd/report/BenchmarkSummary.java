package io.aspd.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * The format of {@code benchmark.json}: the measured, lossless speed-up of one model, written by the {@code bench}
 * tool and shown by the server's {@code /actuator/aspd} endpoint. One type for writer and reader, so that the keys
 * cannot drift apart.
 *
 * <p>It lives in its own package because its writer is a command-line tool (which depends on the engine and chart
 * libraries) and its reader is Spring-side metrics: neither side should depend on the other's package, and this one
 * depends on nothing but Jackson. Field names are snake_case in the file, whichever mapper writes them (the actuator
 * uses Spring's). Every field may be absent when read: a report from an older or newer tool is shown as far as it
 * goes, and fields this version does not know are ignored.
 *
 * @param model                       the served model id the benchmark ran on
 * @param measuredAt                  when the benchmark ran (ISO-8601 instant)
 * @param prompts                     how many prompts were measured
 * @param speedupParallelVsSequential wall-clock ratio of sequential to parallel decoding of the same answers
 *                                    (lossless: both modes write the same tokens)
 * @param speedupParallelVsOff        visible tokens per second of parallel decoding over plain decoding of the same
 *                                    prompts
 * @param stepRatio                   visible tokens per decoding forward pass (the ideal speed-up)
 * @param lossless                    whether every prompt wrote identical tokens in parallel and sequential mode
 * @param byCategory                  the same figures per prompt category
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BenchmarkSummary(String model, String measuredAt, Integer prompts, Double speedupParallelVsSequential,
                               Double speedupParallelVsOff, Double stepRatio, Boolean lossless,
                               Map<String, CategoryFigures> byCategory) {
    /** The file name the benchmark writes next to its markdown report. */
    public static final String FILE_NAME = "benchmark.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The figures of one prompt category; the meaning of each is that of the report's field of the same name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CategoryFigures(Integer prompts, Double speedupParallelVsSequential, Double speedupParallelVsOff,
                                  Double stepRatio, Double parallelShare) {
    }

    public BenchmarkSummary {
        // kept in the writer's order (categories sorted by name), and unmodifiable like the rest of the record
        byCategory = byCategory == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(byCategory));
    }

    /** Writes the report as indented JSON, replacing the file. */
    public void write(Path file) throws IOException {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (JacksonException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a report; empty when the file does not exist (the benchmark has not run).
     *
     * @throws IllegalArgumentException when the file exists but is not a report
     */
    public static Optional<BenchmarkSummary> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            BenchmarkSummary summary = JSON.readValue(Files.readString(file), BenchmarkSummary.class);
            if (summary == null) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            return Optional.of(summary);
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
