package io.aspd.engine;

/** Counts what one generation's decoding did, step by step; {@link #snapshot(int)} gives the {@link AspdStats}. */
final class DecodeStatistics {
    /** What a forward fed, for the time split of the statistics. */
    enum StepKind { PREFILL, SERIAL, BLOCK }

    private int blocks;
    private int fallbackBlocks;
    private int branches;
    private int forwardPasses;
    private int visibleTokens;
    private int branchTokens;
    private int discardedTokens;
    private long prefillNanos;
    private long serialNanos;
    private long parallelNanos;

    void forward(StepKind kind, long nanos) {
        switch (kind) {
            case PREFILL -> prefillNanos += nanos;
            case SERIAL -> serialNanos += nanos;
            case BLOCK -> parallelNanos += nanos;
        }
        if (kind != StepKind.PREFILL) {
            forwardPasses++;
        }
    }

    void blockOpened(boolean fellBack) {
        blocks++;
        if (fellBack) {
            fallbackBlocks++;
        }
    }

    void branchStarted() {
        branches++;
    }

    void serialTextToken() {
        visibleTokens++;
    }

    /**
     * A block's tokens joined the answer.
     *
     * @param kept      branch tokens within the budget (heads, bodies and ends)
     * @param discarded branch tokens decoded beyond the budget
     * @param visible   branch body tokens shown
     */
    void blockFolded(int kept, int discarded, int visible) {
        branchTokens += kept;
        discardedTokens += discarded;
        visibleTokens += visible;
    }

    AspdStats snapshot(int generatedTokens) {
        return new AspdStats(blocks, fallbackBlocks, branches, forwardPasses, generatedTokens, visibleTokens,
                branchTokens, discardedTokens, prefillNanos, serialNanos, parallelNanos);
    }
}
