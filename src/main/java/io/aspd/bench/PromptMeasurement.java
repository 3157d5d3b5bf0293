package io.aspd.bench;

import io.aspd.engine.AspdMode;
import io.aspd.engine.AspdStats;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The repeated runs of one prompt in the three modes, side by side. Times are decode times (prefill excluded: it is
 * the same work in every mode); the median over repeats is what counts.
 *
 * @param lossless whether every parallel run wrote exactly the tokens of every sequential run
 */
public record PromptMeasurement(BenchPrompt prompt, Map<AspdMode, long[]> decodeNanos, AspdStats parallelStats,
                                int offVisibleTokens, boolean lossless) {

    public PromptMeasurement {
        decodeNanos = new EnumMap<>(decodeNanos);
    }

    public double medianMillis(AspdMode mode) {
        long[] sorted = decodeNanos.get(mode).clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e6;
    }

    /** Sequential time over parallel time: the lossless speed-up (the same tokens either way). */
    public double speedupVsSequential() {
        return medianMillis(AspdMode.SEQUENTIAL) / medianMillis(AspdMode.PARALLEL);
    }

    /** Visible tokens per second in parallel mode over those of plain decoding of the same prompt. */
    public double speedupVsOff() {
        double parallelRate = parallelStats.visibleTokens() / medianMillis(AspdMode.PARALLEL);
        double offRate = offVisibleTokens / medianMillis(AspdMode.OFF);
        return parallelRate / offRate;
    }

    /** Sums the median times of several prompts per mode: the time of the whole category. */
    static double totalMillis(List<PromptMeasurement> measurements, AspdMode mode) {
        return measurements.stream().mapToDouble(m -> m.medianMillis(mode)).sum();
    }
}
