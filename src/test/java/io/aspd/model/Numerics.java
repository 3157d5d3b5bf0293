package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Assertions and inputs for numeric tests. */
final class Numerics {

    private Numerics() {}

    static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (Double.isNaN(diff)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, diff);
        }
        return max;
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double diff = maxAbsDiff(expected, actual);
        if (!(diff <= tolerance)) {
            fail(what + ": max abs diff " + diff + " exceeds " + tolerance);
        }
    }

    static void assertClose(float[][] expected, float[][] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": row count");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], tolerance, what + " row " + i);
        }
    }

    /** Rows {@code [from, to)} of a row-major {@code [rows, width]} array. */
    static float[] rows(float[] matrix, int width, int from, int to) {
        float[] out = new float[(to - from) * width];
        System.arraycopy(matrix, from * width, out, 0, out.length);
        return out;
    }
}
