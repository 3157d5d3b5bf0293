package io.aspd.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies in nanoseconds (with few samples, p99 is the largest one). */
final class Latencies {
    private final long[] sorted;

    Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The smallest value with at least {@code percent}% of the values at or below it. */
    long percentileNanos(int percent) {
        if (sorted.length == 0 || percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("need latencies and a percent in (0, 100]");
        }
        return sorted[(int) Math.ceil(percent / 100.0 * sorted.length) - 1];
    }

    double percentileMillis(int percent) {
        return percentileNanos(percent) / 1e6;
    }
}
