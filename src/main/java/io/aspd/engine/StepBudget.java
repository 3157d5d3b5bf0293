package io.aspd.engine;

/**
 * The row budget of one forward, and its only owner. Every decoding generation feeds all the rows it planned (a stream
 * never waits for a prompt); prompts still to prefill share what is left: at most {@code prefillChunkTokens} rows
 * together, and no more than {@code maxBatchRows} minus the decoding rows, so a long prompt costs each step about as
 * much as a chunk however long it is. The oldest prompt always gets at least one row, so prefill advances even when
 * the branch rows of open ASPD blocks fill the forward.
 */
record StepBudget(int maxBatchRows, int prefillChunkTokens) {

    StepBudget(EngineSettings settings) {
        this(settings.maxBatchRows(), settings.prefillChunkTokens());
    }

    /** Prompt rows the next forward may prefill, given the rows the decoding generations feed to it. */
    int prefillRows(int decodeRows) {
        return Math.max(1, Math.min(prefillChunkTokens, maxBatchRows - decodeRows));
    }
}
