package io.aspd.model;

import java.util.Objects;

/**
 * The rows a new cache will start with, described so that {@link CausalLm#newCache(int, PrefixRows)} can find them
 * already computed: {@code tokens[i]} at position {@code i}, each row seeing every slot before it (a causal prefix),
 * all written with one tag. Keys and values of such rows depend on nothing but these tokens, so blocks another
 * sequence wrote for the same tokens (and tags) can be shared.
 *
 * @param tokens the prompt's tokens, from position 0
 * @param tag    the tag the rows are written with: {@link #UNTAGGED} for rows fed under {@link AttentionMask#causal},
 *               otherwise the row tag of their {@link AttentionMask#tagged} mask
 */
public record PrefixRows(int[] tokens, int tag) {

    /** Prefixes are cached, and found, in whole blocks of this many rows. */
    public static final int BLOCK_ROWS = KvPool.BLOCK_SIZE;

    /** The tag of slots written under a mask that is not {@link AttentionMask#tagged}. */
    public static final int UNTAGGED = KvPool.UNTAGGED;

    public PrefixRows {
        Objects.requireNonNull(tokens, "tokens");
    }

    /** Rows fed with {@link SequenceRows#causal}. */
    public static PrefixRows causal(int[] tokens) {
        return new PrefixRows(tokens, UNTAGGED);
    }

    /** Rows fed under {@link AttentionMask#tagged} with row tag {@code tag}, each seeing every slot before it. */
    public static PrefixRows tagged(int[] tokens, int tag) {
        if (tag == UNTAGGED) {
            throw new IllegalArgumentException("a row tag must not be Integer.MIN_VALUE (it marks untagged slots)");
        }
        return new PrefixRows(tokens, tag);
    }
}
