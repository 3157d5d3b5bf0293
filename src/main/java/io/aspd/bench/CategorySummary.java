package io.aspd.bench;

import io.aspd.engine.AspdMode;
import java.util.List;

/**
 * The measurements of several prompts added up: times are summed before dividing, so long answers weigh more than
 * short ones, as they do for a user.
 */
public record CategorySummary(String category, int prompts, double blocksPerPrompt, double parallelShare,
                              double stepRatio, double parallelMillis, double sequentialMillis, double offMillis,
                              double speedupVsSequential, double speedupVsOff, boolean lossless) {

    public static CategorySummary of(String category, List<PromptMeasurement> measurements) {
        double parallel = PromptMeasurement.totalMillis(measurements, AspdMode.PARALLEL);
        double sequential = PromptMeasurement.totalMillis(measurements, AspdMode.SEQUENTIAL);
        double off = PromptMeasurement.totalMillis(measurements, AspdMode.OFF);
        long visible = measurements.stream().mapToLong(m -> m.parallelStats().visibleTokens()).sum();
        long offVisible = measurements.stream().mapToLong(PromptMeasurement::offVisibleTokens).sum();
        long forwards = measurements.stream().mapToLong(m -> m.parallelStats().forwardPasses()).sum();
        long generated = measurements.stream().mapToLong(m -> m.parallelStats().generatedTokens()).sum();
        long branchTokens = measurements.stream().mapToLong(m -> m.parallelStats().branchTokens()).sum();
        double blocks = measurements.stream().mapToInt(m -> m.parallelStats().blocks()).average().orElse(0);
        return new CategorySummary(category, measurements.size(), blocks,
                generated == 0 ? 0 : (double) branchTokens / generated,
                forwards == 0 ? 0 : (double) visible / forwards, parallel, sequential, off,
                sequential / parallel, (visible / parallel) / (offVisible / off),
                measurements.stream().allMatch(PromptMeasurement::lossless));
    }
}
