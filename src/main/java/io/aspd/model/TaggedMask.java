package io.aspd.model;

import java.util.Objects;

/** {@link AttentionMask#tagged}: recognised by the forward, which then builds it natively from the slots' tags. */
final class TaggedMask implements AttentionMask {

    private final KvCache cache;
    private final int cacheLength;
    private final int[] rowTags;
    private final int[] seesAllBefore;

    TaggedMask(KvCache cache, int cacheLength, int[] rowTags, int[] seesAllBefore) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.cacheLength = cacheLength;
        this.rowTags = Objects.requireNonNull(rowTags, "rowTags");
        this.seesAllBefore = Objects.requireNonNull(seesAllBefore, "seesAllBefore");
        if (rowTags.length != seesAllBefore.length) {
            throw new IllegalArgumentException("rowTags (" + rowTags.length + ") and seesAllBefore ("
                    + seesAllBefore.length + ") must have one entry per row");
        }
        for (int tag : rowTags) {
            if (tag == KvPool.UNTAGGED) {
                throw new IllegalArgumentException("a row tag must not be Integer.MIN_VALUE (it marks untagged slots)");
            }
        }
    }

    @Override
    public boolean visible(int row, int slot) {
        if (slot > cacheLength + row) {
            return false;
        }
        if (slot < seesAllBefore[row]) {
            return true;
        }
        int slotTag = slot < cacheLength ? cache.tag(slot) : rowTags[slot - cacheLength];
        return slotTag == rowTags[row];
    }

    KvCache cache() {
        return cache;
    }

    int cacheLength() {
        return cacheLength;
    }

    int rows() {
        return rowTags.length;
    }

    int rowTag(int row) {
        return rowTags[row];
    }

    int seesAllBefore(int row) {
        return seesAllBefore[row];
    }
}
