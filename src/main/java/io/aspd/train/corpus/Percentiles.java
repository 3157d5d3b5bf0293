package io.aspd.train.corpus;

/** Nearest-rank percentiles of sorted values. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The smallest value with at least {@code percent}% of the values at or below it; {@code sorted} ascending. */
    public static int nearestRank(int[] sorted, int percent) {
        if (sorted.length == 0 || percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("need values and a percent in (0, 100]");
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[rank - 1];
    }
}
