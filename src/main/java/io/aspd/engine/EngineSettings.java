package io.aspd.engine;

/**
 * Limits of the inference engine.
 *
 * @param maxSequences       generations decoded together in one batch; further ones wait (in the server, admission
 *                           never hands the engine more than this, so nothing waits here for a place)
 * @param maxBatchRows       rows one forward may take while prompts are being prefilled: the decoding generations'
 *                           rows come first, prompts get what is left (see {@link StepBudget}); at least
 *                           {@code maxSequences}, since every running generation feeds one row or more to a forward
 * @param contextLength      KV slots one generation may use, prompt included
 * @param prefillChunkTokens the most prompt rows one forward prefills (of all prompts together), so that a long prompt
 *                           is prefilled over several steps, each of which also decodes every running generation; at
 *                           most {@code maxBatchRows}
 */
public record EngineSettings(int maxSequences, int maxBatchRows, int contextLength, int prefillChunkTokens) {
    public EngineSettings {
        if (maxSequences < 1 || maxBatchRows < 1 || contextLength < 2 || prefillChunkTokens < 1) {
            throw new IllegalArgumentException("engine limits must be positive");
        }
        if (maxSequences > maxBatchRows) {
            throw new IllegalArgumentException("a batch of " + maxSequences + " generations needs at least as many rows"
                    + " per forward, but the row limit is " + maxBatchRows);
        }
        if (prefillChunkTokens > maxBatchRows) {
            throw new IllegalArgumentException("a prefill chunk of " + prefillChunkTokens + " tokens does not fit in a"
                    + " forward of at most " + maxBatchRows + " rows");
        }
    }
}
