package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;

/** Decides whether the branches of a block are independent of each other (validation step 3). */
public interface IndependenceJudge {

    /**
     * @param question      what the user asked
     * @param precedingText the visible answer text before the block
     * @throws Unavailable when the judge cannot be reached; the block then stays serial
     */
    Verdict judge(String question, String precedingText, AspdDocument.Block block);

    /** The judge could not vote (its endpoint failed after retries). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The votes cast for one block and whether they meet the threshold. */
    record Verdict(int independentVotes, int votesCast, boolean independent) {
        public Verdict {
            if (independentVotes < 0 || independentVotes > votesCast) {
                throw new IllegalArgumentException(independentVotes + " independent votes of " + votesCast + " cast");
            }
        }
    }
}
