package io.aspd.api;

/** Log-probabilities as the wire carries them. */
final class LogprobValues {
    /** What a log-probability of minus infinity is written as (JSON has no infinity), as vLLM does. */
    static final float FLOOR = -9999.0f;

    private LogprobValues() {
    }

    static float clamp(float logprob) {
        return Float.isNaN(logprob) ? FLOOR : Math.max(FLOOR, logprob);
    }
}
