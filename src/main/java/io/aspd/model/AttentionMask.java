package io.aspd.model;

/**
 * Which earlier cache slots and which new rows each new row of a forward may attend to. Slots are numbered
 * {@code [0, cacheLength + rows)}: first the cache's used slots, then the new rows in order (new row r is slot
 * {@code cacheLength + r}). Every row must see at least one slot, normally itself.
 *
 * <p>{@link CausalLm#forward} builds the masks of {@link #causal} and {@link #tagged} from a few numbers per row, in
 * native code; any other mask is asked slot by slot in Java, which costs time proportional to the cache length.
 */
@FunctionalInterface
public interface AttentionMask {

    boolean visible(int row, int slot);

    /** Plain causal attention: new row r sees every cached slot, the new rows before it, and itself. */
    static AttentionMask causal(int cacheLength) {
        return new CausalMask(cacheLength);
    }

    /**
     * Tagged visibility, the compact form of ASPD's branch rule: new row r sees every slot before
     * {@code seesAllBefore[r]}, and from there up to itself the slots whose tag equals {@code rowTags[r]}; never a slot
     * after itself. A slot's tag is the tag of the row that wrote it (rows written under any other mask have none).
     * A shared row of ASPD is {@code seesAllBefore = its own slot + 1}; a branch row is its branch id as tag and its
     * block's first branch slot as {@code seesAllBefore}.
     *
     * @param cache the cache of the sequence, at the length it will have when the forward runs
     * @param rowTags the tag of every new row; any int but {@link Integer#MIN_VALUE} (which marks untagged slots)
     * @param seesAllBefore for every new row, the slot before which it sees everything
     */
    static AttentionMask tagged(KvCache cache, int[] rowTags, int[] seesAllBefore) {
        return new TaggedMask(cache, cache.length(), rowTags, seesAllBefore);
    }
}
