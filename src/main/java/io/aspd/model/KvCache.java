package io.aspd.model;

import java.util.Arrays;
import java.util.List;

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
 * <p>Prefix caching (when the model has it): while the cache's rows form a causal prefix (row i at position i, seeing
 * every slot before it), each block they fill is recorded in the pool's {@link PrefixIndex}, and a cache created for
 * {@link PrefixRows} starts with the longest run of such blocks another cache wrote for the same rows, shared rather
 * than recomputed. A shared block is never written: a cache only ever writes slots at or after its length, which lie
 * in blocks it holds alone and that cache no prefix; {@link #truncate} keeps it so, copying a shared block it cuts
 * into.
 *
 * <p>Created by {@link CausalLm#newCache}; only usable with that model; not thread-safe. Closing it returns its blocks.
 */
public final class KvCache implements AutoCloseable {

    private final CausalLm owner;
    private final KvPool pool;
    /** The pool's prefix index; null without prefix caching. */
    private final PrefixIndex index;
    private int[] blocks;
    private int blockCount;
    private int[] tags;
    private int length;
    private int capacity;
    private boolean closed;
    /** Slots [0, prefixLength) are a causal prefix whose full blocks are in the index (or being filled). */
    private int prefixLength;
    /** The tokens of the prefix's slots. */
    private int[] prefixTokens;
    /** The index entry standing for each full block of the prefix: this cache's block, or an equal one cached. */
    private PrefixIndex.Entry[] prefixEntries = new PrefixIndex.Entry[0];

    /**
     * An empty cache, or with {@code prefix} (null for none) one that starts with the longest cached run of full
     * blocks of those rows, shared, short of the last row (whose logits a forward must still compute).
     */
    KvCache(CausalLm owner, KvPool pool, int initialCapacity, PrefixRows prefix) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be positive, got " + initialCapacity);
        }
        this.owner = owner;
        this.pool = pool;
        this.index = pool.index();
        List<PrefixIndex.Entry> hits = cachedBlocks(pool, prefix);
        int hitSlots = hits.size() * KvPool.BLOCK_SIZE;
        this.blocks = new int[hits.size()];
        for (int i = 0; i < hits.size(); i++) {
            pool.share(hits.get(i).block);
            blocks[i] = hits.get(i).block;
        }
        this.blockCount = hits.size();
        this.tags = new int[0];
        this.prefixTokens = new int[0];
        try {
            grow(Math.max(initialCapacity, hitSlots));
        } catch (KvPoolExhaustedException e) {
            pool.release(blocks, 0, blockCount);
            throw e;
        }
        if (!hits.isEmpty()) {
            Arrays.fill(tags, 0, hitSlots, prefix.tag());
            System.arraycopy(prefix.tokens(), 0, prefixTokens, 0, hitSlots);
            prefixEntries = hits.toArray(PrefixIndex.Entry[]::new);
            prefixLength = hitSlots;
            length = hitSlots;
            pool.used(hitSlots);
        }
    }

    /** The cached blocks a cache for {@code prefix} would start with (none without prefix caching). */
    static List<PrefixIndex.Entry> cachedBlocks(KvPool pool, PrefixRows prefix) {
        if (prefix == null || pool.index() == null) {
            return List.of();
        }
        // the last row is always computed: its logits are what the prompt is fed for
        return pool.index().cachedPrefix(prefix.tokens(), prefix.tokens().length - 1, prefix.tag());
    }

    /** Slots in use: the rows of every forward so far (and a cached prefix it started with). */
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
        if (index != null) {
            prefixTokens = Arrays.copyOf(prefixTokens, newCapacity);
        }
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

    /**
     * Marks the rows a forward has just written (into the slots after the used ones) as used, keeping their tags; rows
     * that continue the causal prefix extend it, and each block they fill is recorded in the prefix index.
     */
    void commit(SequenceRows sequence) {
        int rows = sequence.rows();
        for (int r = 0; r < rows; r++) {
            tags[length + r] = PooledAttention.rowTag(sequence, r);
        }
        if (index != null && prefixLength == length) {
            extendPrefix(sequence);
        }
        length += rows;
        pool.used(rows);
    }

    private void extendPrefix(SequenceRows sequence) {
        for (int r = 0; r < sequence.rows(); r++) {
            int slot = length + r;
            if (!continuesPrefix(sequence, r, slot)) {
                return;
            }
            prefixTokens[slot] = sequence.tokens()[r];
            prefixLength = slot + 1;
            if (prefixLength % KvPool.BLOCK_SIZE == 0 && !registerBlock(prefixLength / KvPool.BLOCK_SIZE - 1)) {
                return;
            }
        }
    }

    /** Whether new row {@code r}, written to {@code slot}, is where a causal prefix would put it and sees all of it. */
    private boolean continuesPrefix(SequenceRows sequence, int r, int slot) {
        if (sequence.positions()[r] != slot) {
            return false;
        }
        return sequence.mask() instanceof CausalMask causal ? causal.cacheLength() == length
                : sequence.mask() instanceof TaggedMask tagged && tagged.seesAllBefore(r) >= slot;
    }

    /** Records full prefix block {@code b} in the index; false (and the prefix ends before it) if it cannot be. */
    private boolean registerBlock(int b) {
        int from = b * KvPool.BLOCK_SIZE;
        int to = from + KvPool.BLOCK_SIZE;
        PrefixIndex.Entry entry = index.register(b == 0 ? null : prefixEntries[b - 1], blocks[b],
                Arrays.copyOfRange(prefixTokens, from, to), Arrays.copyOfRange(tags, from, to));
        if (entry == null) {
            prefixLength = from;
            return false;
        }
        if (prefixEntries.length <= b) {
            prefixEntries = Arrays.copyOf(prefixEntries, Math.max(b + 1, 2 * prefixEntries.length));
        }
        prefixEntries[b] = entry;
        return true;
    }

    /**
     * Forgets every slot from {@code newLength} on, keeping the first {@code newLength} (e.g. to reuse a prompt prefix
     * for another answer, or to measure repeated steps at one cache length). Capacity is kept. The blocks that will be
     * rewritten become this cache's own: a block shared with another cache is copied (its kept slots), a cached one
     * leaves the prefix index.
     *
     * @throws KvPoolExhaustedException when a shared block must be copied and the pool is full (the cache is unchanged)
     */
    public void truncate(int newLength) {
        requireOpen();
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + newLength);
        }
        int firstRewritten = newLength / KvPool.BLOCK_SIZE;
        int shared = 0;
        for (int b = firstRewritten; b < blockCount; b++) {
            shared += pool.isShared(blocks[b]) ? 1 : 0;
        }
        int[] copies = new int[shared];
        pool.allocate(copies, 0, shared);
        int next = 0;
        for (int b = firstRewritten; b < blockCount; b++) {
            if (pool.isShared(blocks[b])) {
                int copy = copies[next++];
                if (b * KvPool.BLOCK_SIZE < newLength) {
                    pool.copyBlock(blocks[b], copy);
                }
                pool.release(blocks, b, 1);
                blocks[b] = copy;
            } else if (index != null) {
                index.remove(blocks[b]);
            }
        }
        prefixLength = Math.min(prefixLength, newLength);
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
            pool.release(blocks, 0, blockCount);
            blockCount = 0;
        }
    }
}
