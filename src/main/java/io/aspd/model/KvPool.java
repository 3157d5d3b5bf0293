package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The keys and values of every sequence of one model, in shared per-layer arrays {@code [slots, kvHeads, headDim]}
 * allocated once, plus the tag of every slot (see {@link AttentionMask#tagged}). The slots are handed out to
 * {@link KvCache}s in blocks of {@link #BLOCK_SIZE}; a cache's slots live wherever its blocks are, so that one gather
 * per layer collects the keys of all sequences of a forward (vLLM's paged attention, on the CPU).
 *
 * <p>With prefix caching, a block can be shared: each block counts the caches that hold it, and a block is only ever
 * written by a cache that holds it alone (see {@link KvCache}). A full block of a causal prefix is recorded in the
 * {@link PrefixIndex}; when no cache holds it any more it stays cached, free to be taken: a new allocation takes blocks
 * that cache nothing first, then evicts cached ones, least recently released first (a cache releases its last block
 * first, so a prefix loses its tail before its head).
 *
 * <p>The arrays are zero-filled when allocated: a forward reads whole blocks, including slots not yet written, and
 * must never meet a NaN there (a zero attention weight times NaN is NaN). They belong to {@code manager} (closed by
 * the model).
 */
final class KvPool {

    /** Slots per block. Small, so that a short sequence wastes little; a forward's Java work is per block. */
    static final int BLOCK_SIZE = 16;

    /** The tag of a slot written by a forward whose mask was not {@link AttentionMask#tagged}. */
    static final int UNTAGGED = Integer.MIN_VALUE;

    /** Without a configured budget: room for 16 full-length sequences, but at most 1 GiB of keys and values. */
    private static final long DEFAULT_BUDGET_BYTES = 1L << 30;

    private static final int DEFAULT_FULL_SEQUENCES = 16;

    private final NDArray[] keys;
    private final NDArray[] values;
    private final NDArray tags;
    private final int totalBlocks;
    private final int[] references;
    /** Blocks no cache holds and no prefix is cached in (a stack). */
    private final int[] freeBlocks;
    /** Blocks no cache holds that keep a cached prefix, least recently released first; null without prefix caching. */
    private final LinkedHashSet<Integer> cachedBlocks;
    private final PrefixIndex index;
    // written by the forward's thread only; volatile so that a metrics thread reading usage() sees recent values
    private volatile int freeCount;
    private volatile int cachedCount;
    private volatile long usedSlots;

    KvPool(NDManager manager, ModelConfig config, int tokenBudget, boolean prefixCaching) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("the KV cache token budget must be positive, got " + tokenBudget);
        }
        this.totalBlocks = blocksFor(tokenBudget);
        long slots = (long) totalBlocks * BLOCK_SIZE;
        this.keys = new NDArray[config.numLayers()];
        this.values = new NDArray[config.numLayers()];
        Shape shape = new Shape(slots, config.numKvHeads(), config.headDim());
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = unscoped(manager.zeros(shape));
            values[layer] = unscoped(manager.zeros(shape));
        }
        this.tags = unscoped(manager.full(new Shape(slots), UNTAGGED, DataType.INT32));
        this.references = new int[totalBlocks];
        this.freeBlocks = new int[totalBlocks];
        this.index = prefixCaching ? new PrefixIndex(totalBlocks) : null;
        this.cachedBlocks = prefixCaching ? new LinkedHashSet<>() : null;
        // handed out from the low end first, so that a cache allocated at once gets consecutive blocks
        for (int i = 0; i < totalBlocks; i++) {
            freeBlocks[i] = totalBlocks - 1 - i;
        }
        this.freeCount = totalBlocks;
    }

    /** Blocks needed for {@code slots} slots. */
    static int blocksFor(int slots) {
        return (int) (((long) slots + BLOCK_SIZE - 1) / BLOCK_SIZE);
    }

    /** The default token budget of a model: see {@link CausalLm#defaultKvTokenBudget}. */
    static int defaultTokenBudget(ModelConfig config) {
        long bytesPerToken = 2L * config.numLayers() * config.numKvHeads() * config.headDim() * Float.BYTES;
        long byMemory = DEFAULT_BUDGET_BYTES / bytesPerToken;
        long byLength = (long) DEFAULT_FULL_SEQUENCES * config.maxPositionEmbeddings();
        long budget = Math.max(config.maxPositionEmbeddings(), Math.min(byMemory, byLength));
        return (int) Math.min(budget, Integer.MAX_VALUE - BLOCK_SIZE);
    }

    private static NDArray unscoped(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    NDArray tags() {
        return tags;
    }

    /** The prefix index; null without prefix caching. */
    PrefixIndex index() {
        return index;
    }

    /** Blocks a new allocation can take: the free ones and the cached ones no cache holds. */
    int availableBlocks() {
        return freeCount + cachedCount;
    }

    /**
     * Takes {@code count} blocks into {@code into[from, from + count)}, each held by the caller alone, or none at all.
     * Free blocks go first, then cached blocks are evicted.
     *
     * @throws KvPoolExhaustedException when fewer than {@code count} blocks can be taken
     */
    void allocate(int[] into, int from, int count) {
        if (count > availableBlocks()) {
            throw new KvPoolExhaustedException((long) count * BLOCK_SIZE, (long) availableBlocks() * BLOCK_SIZE,
                    (long) totalBlocks * BLOCK_SIZE);
        }
        for (int i = 0; i < count; i++) {
            int block = freeCount > 0 ? freeBlocks[--freeCount] : evictLeastRecentlyReleased();
            references[block] = 1;
            into[from + i] = block;
        }
    }

    private int evictLeastRecentlyReleased() {
        Iterator<Integer> oldest = cachedBlocks.iterator();
        int block = oldest.next();
        oldest.remove();
        cachedCount--;
        index.remove(block);
        return block;
    }

    /** One more cache holds {@code block}, a cached one (a prefix cache hit). */
    void share(int block) {
        if (references[block]++ == 0) {
            cachedBlocks.remove(block);
            cachedCount--;
        }
    }

    /** Whether another cache holds {@code block} too. */
    boolean isShared(int block) {
        return references[block] > 1;
    }

    /**
     * The caller lets go of {@code blocks[from, from + count)}, the last one first; a block no cache holds any more
     * stays cached (if it holds a cached prefix) or is free.
     */
    void release(int[] blocks, int from, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            int block = blocks[i];
            if (--references[block] > 0) {
                continue;
            }
            if (index != null && index.isCached(block)) {
                cachedBlocks.add(block);
                cachedCount++;
            } else {
                freeBlocks[freeCount++] = block;
            }
        }
    }

    /** Copies the keys, values and tags of every slot of block {@code from} into block {@code to}. */
    void copyBlock(int from, int to) {
        NDIndex source = new NDIndex().addSliceDim((long) from * BLOCK_SIZE, (long) (from + 1) * BLOCK_SIZE);
        NDIndex target = new NDIndex().addSliceDim((long) to * BLOCK_SIZE, (long) (to + 1) * BLOCK_SIZE);
        try (NDScope copy = new NDScope()) {
            for (int layer = 0; layer < keys.length; layer++) {
                keys[layer].set(target, keys[layer].get(source));
                values[layer].set(target, values[layer].get(source));
            }
            tags.set(target, tags.get(source));
        }
    }

    /** A cache's length changed by {@code delta} slots. */
    void used(long delta) {
        usedSlots += delta;
    }

    KvCacheUsage usage() {
        long cached = cachedCount;
        return new KvCacheUsage(usedSlots, (long) (totalBlocks - freeCount - cached) * BLOCK_SIZE,
                cached * BLOCK_SIZE, (long) totalBlocks * BLOCK_SIZE);
    }
}
