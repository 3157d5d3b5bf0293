package io.aspd.model;

import java.util.Arrays;

/**
 * The keys and values of one sequence, for all layers: {@link #length()} used slots in blocks of its model's
 * {@link KvPool}. Keys are stored with RoPE already applied at each row's own position, so slot order need not follow
 * position order (ASPD branches share positions). Each slot also keeps the tag its row had (see
 * {@link AttentionMask#tagged}).
 *
 * <p>The cache holds blocks for {@link #capacity()} slots. When a forward needs more, it takes more blocks from the
 * pool for at least twice the capacity (or, if the pool cannot give that much, exactly what is needed); nothing is
 * copied. Give a realistic initial capacity (the prompt length plus the expected answer): it is reserved at once, so that a
 * sequence that was admitted does not run out of pool later.
 *
 * <p>Created by {@link CausalLm#newCache}; only usable with that model; not thread-safe. Closing it returns its blocks.
 */
public final class KvCache implements AutoCloseable {

    private final CausalLm owner;
    private final KvPool pool;
    private int[] blocks;
    private int blockCount;
    private int[] tags;
    private int length;
    private int capacity;
    private boolean closed;

    KvCache(CausalLm owner, KvPool pool, int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be positive, got " + initialCapacity);
        }
        this.owner = owner;
        this.pool = pool;
        this.blocks = new int[0];
        this.tags = new int[0];
        grow(initialCapacity);
    }

    /** Slots in use: the rows of every forward so far. */
    public int length() {
        return length;
    }

    /** Slots reserved; grows automatically. */
    public int capacity() {
        return capacity;
    }

    public boolean isClosed() {
        return closed;
    }

    CausalLm owner() {
        return owner;
    }

    /**
     * Makes room for {@code slots} slots in total, keeping the used ones.
     *
     * @throws KvPoolExhaustedException when the pool has too few free blocks (the cache is unchanged)
     */
    void reserve(int slots) {
        requireOpen();
        if (slots <= capacity) {
            return;
        }
        int doubled = (int) Math.min(Integer.MAX_VALUE, Math.max(slots, 2L * capacity));
        try {
            grow(doubled);
        } catch (KvPoolExhaustedException e) {
            if (doubled == slots) {
                throw e;
            }
            grow(slots);
        }
    }

    private void grow(int newCapacity) {
        int needed = KvPool.blocksFor(newCapacity);
        if (needed > blockCount) {
            int[] grown = Arrays.copyOf(blocks, needed);
            pool.allocate(grown, blockCount, needed - blockCount);
            blocks = grown;
            blockCount = needed;
        }
        tags = Arrays.copyOf(tags, newCapacity);
        capacity = newCapacity;
    }

    /** Where the cache's slot {@code slot} lives in the pool. */
    long poolSlot(int slot) {
        return (long) blocks[slot / KvPool.BLOCK_SIZE] * KvPool.BLOCK_SIZE + slot % KvPool.BLOCK_SIZE;
    }

    /**
     * The pool slot of the first slot of each of the cache's first {@code count} blocks, into {@code into[from...]}.
     * Beyond the cache's blocks its first block is repeated: a forward reads them as padding, masked out.
     */
    void blockStarts(long[] into, int from, int count) {
        for (int i = 0; i < count; i++) {
            into[from + i] = (long) blocks[i < blockCount ? i : 0] * KvPool.BLOCK_SIZE;
        }
    }

    /** The tag of a used slot, or of a slot a forward is writing right now. */
    int tag(int slot) {
        return tags[slot];
    }

    /** Records the tags of the rows a forward is writing (into the slots after the used ones). */
    void writeTags(int[] rowTags) {
        System.arraycopy(rowTags, 0, tags, length, rowTags.length);
    }

    /** Marks the rows written by the last forward as used. */
    void commit(int rows) {
        length += rows;
        pool.used(rows);
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
        pool.used(newLength - length);
        length = newLength;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("KV cache is closed");
        }
    }

    /** Returns the cache's blocks to the pool; the cache cannot be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.used(-length);
            pool.release(blocks, blockCount);
            blockCount = 0;
        }
    }
}
