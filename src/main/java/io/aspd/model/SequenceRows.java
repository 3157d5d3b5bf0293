package io.aspd.model;

import java.util.Objects;

/**
 * The new rows of one sequence in one forward call: their tokens, their explicit RoPE positions (several rows may
 * share a position; positions need not follow slot order), what each row may see, and which rows need logits. The
 * arrays are read during the forward, not copied.
 */
public record SequenceRows(KvCache cache, int[] tokens, int[] positions, AttentionMask mask, boolean[] wantLogits) {

    public SequenceRows {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(wantLogits, "wantLogits");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one new row");
        }
        if (positions.length != tokens.length || wantLogits.length != tokens.length) {
            throw new IllegalArgumentException("tokens (" + tokens.length + "), positions (" + positions.length
                    + ") and wantLogits (" + wantLogits.length + ") must have one entry per row");
        }
        for (int position : positions) {
            if (position < 0) {
                throw new IllegalArgumentException("positions must be non-negative, got " + position);
            }
        }
    }

    /** Ordinary decoding: rows at consecutive positions after the cache, causal mask, logits for the last row only. */
    public static SequenceRows causal(KvCache cache, int[] tokens, int firstPosition) {
        int[] positions = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            positions[i] = firstPosition + i;
        }
        boolean[] wantLogits = new boolean[tokens.length];
        wantLogits[tokens.length - 1] = true;
        return new SequenceRows(cache, tokens, positions, AttentionMask.causal(cache.length()), wantLogits);
    }

    public int rows() {
        return tokens.length;
    }

    /** How many rows want logits. */
    public int logitRows() {
        int count = 0;
        for (boolean want : wantLogits) {
            count += want ? 1 : 0;
        }
        return count;
    }
}
