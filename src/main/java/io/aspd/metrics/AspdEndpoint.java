package io.aspd.metrics;

import io.aspd.config.AspdProperties;
import io.aspd.report.BenchmarkSummary;
import io.aspd.serving.ModelService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/aspd}: the live speed-up summary (step ratio, parallel share, blocks and branches since start)
 * and, once the benchmark has written its report, the measured lossless speed-up. The step ratio is the ideal
 * (tokens per forward pass); only the benchmark measures wall-clock time against sequential and plain decoding.
 */
@Component
@Endpoint(id = "aspd")
public class AspdEndpoint {
    private final ServingMetrics metrics;
    private final ModelService models;
    private final Path reportFile;

    public AspdEndpoint(ServingMetrics metrics, ModelService models, AspdProperties properties) {
        this.metrics = metrics;
        this.models = models;
        this.reportFile = properties.metrics().configuredBenchmarkReport()
                .orElseGet(() -> models.folder().resolve("benchmark.json"));
    }

    @ReadOperation
    public Map<String, Object> summary() {
        SpeedupTotals totals = metrics.totals();
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("generations", totals.generations());
        live.put("blocks", totals.blocks());
        live.put("branches", totals.branches());
        live.put("branches_per_block", totals.branchesPerBlock());
        live.put("forward_passes", totals.forwardPasses());
        live.put("generated_tokens", totals.generatedTokens());
        live.put("visible_tokens", totals.visibleTokens());
        live.put("step_ratio", totals.stepRatio());
        live.put("parallel_share", totals.parallelShare());

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", models.modelId());
        summary.put("state", models.state().name().toLowerCase());
        summary.put("live", live);
        summary.put("benchmark_report", reportFile.toString());
        summary.put("benchmark", benchmark());
        return summary;
    }

    private Map<String, Object> benchmark() {
        Map<String, Object> measured = new LinkedHashMap<>();
        try {
            BenchmarkSummary.read(reportFile).ifPresentOrElse(report -> {
                measured.put("speedup_parallel_vs_sequential", report.speedupParallelVsSequential());
                measured.put("speedup_parallel_vs_off", report.speedupParallelVsOff());
                measured.put("measured_at", report.measuredAt());
                measured.put("by_category", report.byCategory());
            }, () -> measured.put("status", "not run: " + reportFile + " does not exist"));
        } catch (IllegalArgumentException e) {
            measured.put("status", "unreadable: " + e.getMessage());
        }
        return measured;
    }
}
