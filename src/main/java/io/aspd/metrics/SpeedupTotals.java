package io.aspd.metrics;

/** What ASPD has done since the server started, summed over every finished generation. */
public record SpeedupTotals(long generations, long blocks, long branches, long forwardPasses, long generatedTokens,
                            long visibleTokens, long branchTokens) {

    /** Visible tokens per decoding forward: the ideal speed-up over one token per forward. */
    public double stepRatio() {
        return forwardPasses == 0 ? 0 : (double) visibleTokens / forwardPasses;
    }

    /** Share of generated tokens that were decoded inside parallel branches. */
    public double parallelShare() {
        return generatedTokens == 0 ? 0 : (double) branchTokens / generatedTokens;
    }

    public double branchesPerBlock() {
        return blocks == 0 ? 0 : (double) branches / blocks;
    }
}
