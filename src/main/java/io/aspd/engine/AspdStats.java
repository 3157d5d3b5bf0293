package io.aspd.engine;

/**
 * What ASPD did for one generation. Speed-ups are counted honestly (docs/aspd-method.md §7): only visible tokens are
 * output; titles, tags and forced branch heads are overhead.
 *
 * @param blocks            blocks opened
 * @param fallbackBlocks    blocks decoded one branch after another because they had more titles than max_branches
 * @param branches          branches started over all blocks
 * @param forwardPasses     decoding forwards after the prompt's prefill
 * @param generatedTokens   tokens of the answer in flat document order (the usage's completion tokens)
 * @param visibleTokens     tokens whose text reaches the user
 * @param branchTokens      tokens decoded inside branches (heads, bodies and ends)
 * @param discardedTokens   branch tokens decoded in parallel that fell beyond max_tokens in document order
 * @param prefillNanos      time of the prompt's forward
 * @param serialNanos       time of forwards in serial mode
 * @param parallelNanos     time of forwards while a block was open
 */
public record AspdStats(int blocks, int fallbackBlocks, int branches, int forwardPasses, int generatedTokens,
                        int visibleTokens, int branchTokens, int discardedTokens, long prefillNanos, long serialNanos,
                        long parallelNanos) {

    /** Generated tokens that are markup rather than visible text. */
    public int markupTokens() {
        return Math.max(0, generatedTokens - visibleTokens);
    }

    /** Share of generated tokens decoded inside branches. */
    public double parallelShare() {
        return generatedTokens == 0 ? 0 : (double) branchTokens / generatedTokens;
    }

    /** Visible tokens per decoding forward: the ideal speed-up over one-token-per-forward decoding of the same text. */
    public double stepRatio() {
        return forwardPasses == 0 ? 0 : (double) visibleTokens / forwardPasses;
    }

    public double branchesPerBlock() {
        return blocks == 0 ? 0 : (double) branches / blocks;
    }
}
