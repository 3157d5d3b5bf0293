package io.aspd.engine.constraint;

import java.util.BitSet;

/** A {@link TokenConstraint} that steps an {@link AutomatonState} through each token's bytes. */
final class AutomatonConstraint implements TokenConstraint {
    private final TokenMasker masker;
    private AutomatonState state;
    private int tokensLeft;
    private boolean ended;

    AutomatonConstraint(TokenMasker masker, AutomatonState state, int tokensLeft) {
        this.masker = masker;
        this.state = state;
        this.tokensLeft = tokensLeft;
    }

    @Override
    public void allowedTokens(BitSet out) {
        if (ended) {
            out.clear();
            return;
        }
        masker.allowedTokens(state, tokensLeft, out);
    }

    @Override
    public void advance(int tokenId) {
        TokenVocabulary vocabulary = masker.vocabulary();
        if (ended || tokenId < 0 || tokenId >= vocabulary.size()) {
            throw new IllegalArgumentException("token " + tokenId + " is not allowed here");
        }
        AutomatonState next;
        if (vocabulary.isEos(tokenId)) {
            if (!state.canEnd()) {
                throw new IllegalArgumentException("EOS is not allowed before the output is complete");
            }
            ended = true;
            next = state;
        } else if (vocabulary.isSpecial(tokenId) || vocabulary.bytes(tokenId) == null) {
            next = state.afterSpecialToken();
        } else {
            next = state;
            for (byte b : vocabulary.bytes(tokenId)) {
                next = next == null ? null : next.step(b & 0xFF);
            }
            if (next != null && tokensLeft != Integer.MAX_VALUE && next.minBytesToEnd() > tokensLeft - 1) {
                next = null;
            }
        }
        if (next == null) {
            throw new IllegalArgumentException("token " + tokenId + " is not allowed here");
        }
        state = next;
        if (tokensLeft != Integer.MAX_VALUE) {
            tokensLeft--;
        }
    }

    @Override
    public boolean canEnd() {
        return state.canEnd();
    }

    @Override
    public boolean constrained() {
        return state.constrained();
    }

    @Override
    public int tokensLeft() {
        return tokensLeft;
    }

    /** The automaton state (for tests and diagnostics). */
    AutomatonState state() {
        return state;
    }

    @Override
    public AutomatonConstraint copy() {
        AutomatonConstraint copy = new AutomatonConstraint(masker, state, tokensLeft);
        copy.ended = ended;
        return copy;
    }
}
