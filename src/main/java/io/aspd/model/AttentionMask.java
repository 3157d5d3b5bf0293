package io.aspd.model;

/**
 * Which earlier cache slots and which new rows each new row of a forward may attend to. Slots are numbered
 * {@code [0, cacheLength + rows)}: first the cache's used slots, then the new rows in order (new row r is slot
 * {@code cacheLength + r}). Every row must see at least one slot, normally itself.
 */
@FunctionalInterface
public interface AttentionMask {

    boolean visible(int row, int slot);

    /** Plain causal attention: new row r sees every cached slot, the new rows before it, and itself. */
    static AttentionMask causal(int cacheLength) {
        return (row, slot) -> slot <= cacheLength + row;
    }
}
