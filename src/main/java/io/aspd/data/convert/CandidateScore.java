package io.aspd.data.convert;

import java.util.Comparator;

/**
 * How much of a candidate can be decoded in parallel: the share of its visible tokens that lie in branch bodies, and the
 * mean number of branches per block. Candidates are ranked by share, then by branches per block (the paper's DP, ABN).
 */
public record CandidateScore(double parallelShare, double meanBranchesPerBlock) {
    public static final CandidateScore SERIAL = new CandidateScore(0, 0);

    /** Better candidates compare greater. */
    public static final Comparator<CandidateScore> RANKING = Comparator.comparingDouble(CandidateScore::parallelShare)
            .thenComparingDouble(CandidateScore::meanBranchesPerBlock);

    public CandidateScore {
        if (parallelShare < 0 || parallelShare > 1) {
            throw new IllegalArgumentException("parallel share must lie in [0, 1], got " + parallelShare);
        }
        if (meanBranchesPerBlock < 0) {
            throw new IllegalArgumentException("mean branches must not be negative, got " + meanBranchesPerBlock);
        }
    }
}
