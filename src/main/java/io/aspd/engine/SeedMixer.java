package io.aspd.engine;

/**
 * Derives independent seeds for the streams of a request (serial text, each branch of each block, each choice) from
 * the request seed. A branch's generator depends only on its identity, never on when the scheduler ran it, which is
 * what makes seeded sampling give the same tokens in parallel and sequential mode.
 */
public final class SeedMixer {
    private SeedMixer() {
    }

    /** A well-mixed 64-bit value of a seed and a path of small integers (SplitMix64 finaliser per element). */
    public static long derive(long seed, int... path) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (int part : path) {
            h = mix(h + 0x9E3779B97F4A7C15L * (part + 1L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
