package io.aspd.engine.constraint;

import java.util.BitSet;

/**
 * The constraint of one choice or branch, as the decoder uses it at each sampling step: ask which ids are allowed,
 * sample among them, then {@link #advance} with the sampled id. Advancing reuses the previous state (one automaton
 * step per byte of the token). Not thread-safe; {@link #copy()} gives an independent constraint (for a branch that
 * forks from this one).
 */
public interface TokenConstraint {

    /** Sets in {@code out} (cleared first) the ids allowed next. */
    void allowedTokens(BitSet out);

    /** Sets every logit of a disallowed id to negative infinity. */
    default void maskLogits(float[] logits) {
        BitSet allowed = new BitSet(logits.length);
        allowedTokens(allowed);
        for (int id = allowed.nextClearBit(0); id < logits.length; id = allowed.nextClearBit(id + 1)) {
            logits[id] = Float.NEGATIVE_INFINITY;
        }
    }

    /**
     * Records that {@code tokenId} was written.
     *
     * @throws IllegalArgumentException if the id was not allowed
     */
    void advance(int tokenId);

    /** Whether the output may end here (EOS is allowed). */
    boolean canEnd();

    /**
     * Whether the text is constrained here; false only in the free text of {@code tool_choice: auto} before a call
     * opens, where the decoder's own grammar (ASPD markup included) applies.
     */
    boolean constrained();

    /** Tokens that may still be written, this one included ({@link Integer#MAX_VALUE} when unbounded). */
    int tokensLeft();

    TokenConstraint copy();
}
