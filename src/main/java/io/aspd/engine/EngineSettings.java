package io.aspd.engine;

/**
 * Limits of the inference engine.
 *
 * @param maxSequences  generations decoded together in one batch; further ones wait (in the server, admission never
 *                      hands the engine more than this, so nothing waits here for a place, only for prefill rows)
 * @param maxBatchRows  rows one forward should not exceed when admitting new prompts (a single prompt may exceed it);
 *                      at least {@code maxSequences}, since every running generation feeds one row or more to a forward
 * @param contextLength KV slots one generation may use, prompt included
 */
public record EngineSettings(int maxSequences, int maxBatchRows, int contextLength) {
    public EngineSettings {
        if (maxSequences < 1 || maxBatchRows < 1 || contextLength < 2) {
            throw new IllegalArgumentException("engine limits must be positive");
        }
        if (maxSequences > maxBatchRows) {
            throw new IllegalArgumentException("a batch of " + maxSequences + " generations needs at least as many rows"
                    + " per forward, but the row limit is " + maxBatchRows);
        }
    }
}
