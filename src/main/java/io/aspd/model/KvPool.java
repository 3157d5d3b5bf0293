package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values of every sequence of one model, in shared per-layer arrays {@code [slots, kvHeads, headDim]}
 * allocated once, plus the tag of every slot (see {@link AttentionMask#tagged}). The slots are handed out to
 * {@link KvCache}s in blocks of {@link #BLOCK_SIZE}; a cache's slots live wherever its blocks are, so that one gather
 * per layer collects the keys of all sequences of a forward (vLLM's paged attention, on the CPU).
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
    private final int[] freeBlocks;
    // written by the forward's thread only; volatile so that a metrics thread reading usage() sees recent values
    private volatile int freeCount;
    private volatile long usedSlots;

    KvPool(NDManager manager, ModelConfig config, int tokenBudget) {
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
        this.freeBlocks = new int[totalBlocks];
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

    /**
     * Takes {@code count} free blocks into {@code into[from, from + count)}, or none at all.
     *
     * @throws KvPoolExhaustedException when fewer than {@code count} blocks are free
     */
    void allocate(int[] into, int from, int count) {
        if (count > freeCount) {
            throw new KvPoolExhaustedException(count * BLOCK_SIZE, freeCount * BLOCK_SIZE, totalBlocks * BLOCK_SIZE);
        }
        for (int i = 0; i < count; i++) {
            into[from + i] = freeBlocks[--freeCount];
        }
    }

    void release(int[] blocks, int count) {
        for (int i = count - 1; i >= 0; i--) {
            freeBlocks[freeCount++] = blocks[i];
        }
    }

    /** A cache's length changed by {@code delta} slots. */
    void used(long delta) {
        usedSlots += delta;
    }

    KvCacheUsage usage() {
        return new KvCacheUsage(usedSlots, (long) (totalBlocks - freeCount) * BLOCK_SIZE,
                (long) totalBlocks * BLOCK_SIZE);
    }
}
