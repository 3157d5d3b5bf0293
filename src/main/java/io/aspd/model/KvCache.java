package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values of one sequence, for all layers: per layer a K and a V array {@code [kvHeads, capacity,
 * headDim]} whose first {@link #length()} slots are in use. Keys are stored with RoPE already applied at each row's own
 * position, so slot order need not follow position order (ASPD branches share positions).
 *
 * <p>New rows are written in place. When a forward needs more slots than the capacity, the arrays are reallocated at
 * twice the size (or more if needed) and the used slots copied over: a sequence of n tokens costs O(n) copying in
 * total, amortised O(1) per token, instead of O(n) per step for concatenation. Give a realistic initial capacity (the
 * prompt length plus the expected answer) to avoid reallocation altogether.
 *
 * <p>The arrays belong to the cache's own manager, not to any {@link NDScope} that is open while the cache grows.
 * Created by {@link CausalLm#newCache}; only usable with that model; not thread-safe.
 */
public final class KvCache implements AutoCloseable {

    private final CausalLm owner;
    private final NDManager manager;
    private final int kvHeads;
    private final int headDim;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;
    private int capacity;
    private boolean closed;

    KvCache(CausalLm owner, NDManager manager, ModelConfig config, int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be positive, got " + initialCapacity);
        }
        this.owner = owner;
        this.manager = manager;
        this.kvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        this.keys = new NDArray[config.numLayers()];
        this.values = new NDArray[config.numLayers()];
        this.capacity = initialCapacity;
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = allocate(capacity);
            values[layer] = allocate(capacity);
        }
    }

    /** Slots in use: the rows of every forward so far. */
    public int length() {
        return length;
    }

    /** Slots allocated; grows automatically. */
    public int capacity() {
        return capacity;
    }

    public boolean isClosed() {
        return closed;
    }

    CausalLm owner() {
        return owner;
    }

    /** Makes room for {@code slots} slots in total, keeping the contents of the used ones. */
    void reserve(int slots) {
        requireOpen();
        if (slots <= capacity) {
            return;
        }
        int grown = (int) Math.min(Integer.MAX_VALUE, Math.max(slots, 2L * capacity));
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = copyUsed(keys[layer], grown);
            values[layer] = copyUsed(values[layer], grown);
        }
        capacity = grown;
    }

    private NDArray copyUsed(NDArray old, int newCapacity) {
        NDArray grown = allocate(newCapacity);
        if (length > 0) {
            NDIndex used = new NDIndex(":, :{}, :", length);
            try (NDArray usedSlots = old.get(used)) {
                grown.set(used, usedSlots);
            }
        }
        old.close();
        return grown;
    }

    private NDArray allocate(int slots) {
        NDArray array = manager.zeros(new Shape(kvHeads, slots, headDim));
        NDScope.unregister(array);
        return array;
    }

    /**
     * Writes the keys and values of new rows into the slots right after the used ones (the cache length does not
     * change until {@link #commit}, so a failed forward leaves the cache as it was).
     *
     * @param k {@code [rows, kvHeads, headDim]}, RoPE applied
     * @param v {@code [rows, kvHeads, headDim]}
     */
    void write(int layer, NDArray k, NDArray v) {
        long rows = k.getShape().get(0);
        NDIndex slots = new NDIndex(":, {}:{}, :", length, length + rows);
        keys[layer].set(slots, k.transpose(1, 0, 2));
        values[layer].set(slots, v.transpose(1, 0, 2));
    }

    /** Keys of the first {@code slots} slots of a layer, {@code [kvHeads, slots, headDim]} (a view). */
    NDArray keys(int layer, int slots) {
        return keys[layer].get(new NDIndex(":, :{}, :", slots));
    }

    /** Values of the first {@code slots} slots of a layer, {@code [kvHeads, slots, headDim]} (a view). */
    NDArray values(int layer, int slots) {
        return values[layer].get(new NDIndex(":, :{}, :", slots));
    }

    /** Marks the rows written by the last forward as used. */
    void commit(int rows) {
        length += rows;
    }

    /**
     * Forgets every slot from {@code newLength} on, keeping the first {@code newLength} (e.g. to reuse a prompt prefix
     * for another answer, or to measure repeated steps at one cache length). Capacity is kept.
     */
    public void truncate(int newLength) {
        requireOpen();
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + newLength);
        }
        length = newLength;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("KV cache is closed");
        }
    }

    /** Frees the native memory; the cache cannot be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
