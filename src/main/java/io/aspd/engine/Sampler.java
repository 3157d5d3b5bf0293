package io.aspd.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token of one stream: penalties, then the grammar's allowed set, then greedy or temperature / top-k /
 * top-p sampling with the stream's own seeded generator. Works on a copy of the logits; the raw logits stay available
 * for log-probabilities.
 */
final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    Sampler(SamplingParams params, long streamSeed) {
        this.params = params;
        this.random = new SplittableRandom(streamSeed);
    }

    int sample(float[] rawLogits, boolean[] allowed, TokenHistory history) {
        float[] logits = Arrays.copyOf(rawLogits, rawLogits.length);
        history.penalise(logits, params);
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            if (!allowed[i] || Float.isNaN(logits[i])) {
                logits[i] = Float.NEGATIVE_INFINITY;
            } else if (best < 0 || logits[i] > logits[best]) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("the grammar allows no token");
        }
        return params.isGreedy() ? best : draw(logits, logits[best]);
    }

    /**
     * Temperature, top-k and top-p over the allowed logits, then one draw. Tokens whose weight is below e^-40 of the
     * best one are left out before sorting: together they hold less than 1e-12 of the mass even for a 150k vocabulary,
     * and skipping them keeps a sampled step from sorting the whole vocabulary.
     */
    private int draw(float[] logits, float max) {
        double invTemperature = 1.0 / params.temperature();
        int[] candidates = new int[logits.length];
        int n = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] != Float.NEGATIVE_INFINITY && (logits[i] - max) * invTemperature > -40) {
                candidates[n++] = i;
            }
        }
        // Most likely first; ties keep the lower id first so that the order, and so the draw, is deterministic.
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) {
            order[r] = candidates[r];
        }
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int keep = params.topK() > 0 ? Math.min(params.topK(), n) : n;
        double[] weights = new double[keep];
        double total = 0;
        for (int r = 0; r < keep; r++) {
            weights[r] = Math.exp((logits[order[r]] - max) * invTemperature);
            total += weights[r];
        }
        if (params.topP() < 1) {
            double mass = 0;
            for (int r = 0; r < keep; r++) {
                mass += weights[r];
                if (mass >= params.topP() * total) {
                    keep = r + 1;
                    total = mass;
                    break;
                }
            }
        }
        double u = random.nextDouble() * total;
        for (int r = 0; r < keep; r++) {
            u -= weights[r];
            if (u < 0) {
                return order[r];
            }
        }
        return order[keep - 1];
    }
}
