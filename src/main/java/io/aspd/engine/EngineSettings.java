package io.aspd.engine;

/**
 * Limits of the inference engine.
 *
 * @param maxSequences  generations decoded together in one batch; further ones wait
 * @param maxBatchRows  rows one forward should not exceed when admitting new prompts (a single prompt may exceed it)
 * @param contextLength KV slots one generation may use, prompt included
 */
public record EngineSettings(int maxSequences, int maxBatchRows, int contextLength) {
    public EngineSettings {
        if (maxSequences < 1 || maxBatchRows < 1 || contextLength < 2) {
            throw new IllegalArgumentException("engine limits must be positive");
        }
    }
}
