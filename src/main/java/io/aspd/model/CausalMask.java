package io.aspd.model;

/** {@link AttentionMask#causal}: recognised by the forward, which then builds it natively. */
record CausalMask(int cacheLength) implements AttentionMask {

    @Override
    public boolean visible(int row, int slot) {
        return slot <= cacheLength + row;
    }
}
