package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Serving attention for all sequences of one forward, against the {@link KvPool}: per layer one write of the new rows'
 * keys and values into their slots, one gather of every sequence's slots, and one attention call over a batch padded
 * to {@code [sequences, most rows, most slots]} with one combined mask.
 *
 * <p>Everything that does not depend on the layer (where the new rows go, which pool slots each sequence reads, the
 * mask) is prepared once, at construction, from a few numbers per row and per block: no Java work per slot, except for
 * masks that are neither {@link AttentionMask#causal} nor {@link AttentionMask#tagged}. Arrays are created on
 * {@code manager} in the caller's scope.
 */
final class PooledAttention implements RowAttention {

    private static final long[] BLOCK_OFFSETS = blockOffsets();

    private final KvPool pool;
    private final int sequences;
    private final int paddedRows;
    private final int paddedSlots;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final NDIndex writeSlots;
    private final NDIndex readSlots;
    private final NDIndex rowsToPadded;
    private final NDIndex paddedToRows;
    private final NDArray mask;

    /** Writes the new rows' tags into the pool (nothing else): a failed forward leaves the caches' lengths alone. */
    PooledAttention(KvPool pool, ModelConfig config, List<SequenceRows> batch, NDManager manager) {
        this.pool = pool;
        this.sequences = batch.size();
        this.heads = config.numHeads();
        this.kvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        int totalRows = 0;
        int mostRows = 0;
        int mostSlots = 0;
        for (SequenceRows sequence : batch) {
            totalRows += sequence.rows();
            mostRows = Math.max(mostRows, sequence.rows());
            mostSlots = Math.max(mostSlots, sequence.cache().length() + sequence.rows());
        }
        this.paddedRows = mostRows;
        int blocks = KvPool.blocksFor(mostSlots);
        this.paddedSlots = blocks * KvPool.BLOCK_SIZE;

        long[] writes = new long[totalRows];
        int[] tags = new int[totalRows];
        long[] blockStarts = new long[sequences * blocks];
        long[] padded = new long[sequences * paddedRows];
        long[] unpadded = new long[totalRows];
        int row = 0;
        for (int s = 0; s < sequences; s++) {
            SequenceRows sequence = batch.get(s);
            KvCache cache = sequence.cache();
            cache.blockStarts(blockStarts, s * blocks, blocks);
            for (int r = 0; r < paddedRows; r++) {
                // a padding row repeats its sequence's first row; its output is dropped
                padded[s * paddedRows + r] = row + (r < sequence.rows() ? r : 0);
            }
            for (int r = 0; r < sequence.rows(); r++) {
                writes[row + r] = cache.poolSlot(cache.length() + r);
                tags[row + r] = rowTag(sequence, r);
                unpadded[row + r] = (long) s * paddedRows + r;
            }
            row += sequence.rows();
        }
        NDArray writeIndex = manager.create(writes);
        this.writeSlots = new NDIndex("{}", writeIndex);
        pool.tags().set(writeSlots, manager.create(tags));
        NDArray readIndex = manager.create(blockStarts, new Shape(sequences, blocks, 1))
                .add(manager.create(BLOCK_OFFSETS, new Shape(1, 1, KvPool.BLOCK_SIZE)))
                .reshape((long) sequences * paddedSlots);
        this.readSlots = new NDIndex("{}", readIndex);
        boolean ragged = totalRows != sequences * paddedRows;
        this.rowsToPadded = ragged ? new NDIndex("{}", manager.create(padded)) : null;
        this.paddedToRows = ragged ? new NDIndex("{}", manager.create(unpadded)) : null;
        this.mask = batch.stream().allMatch(PooledAttention::compact)
                ? compactMask(batch, manager)
                : denseMask(batch, manager);
    }

    private static long[] blockOffsets() {
        long[] offsets = new long[KvPool.BLOCK_SIZE];
        Arrays.setAll(offsets, i -> i);
        return offsets;
    }

    /** The tag the sequence's new row {@code r} writes into its slot. */
    static int rowTag(SequenceRows sequence, int r) {
        return sequence.mask() instanceof TaggedMask tagged ? tagged.rowTag(r) : KvPool.UNTAGGED;
    }

    /** Whether the mask can be built natively: causal or tagged, made for the cache at its current length. */
    private static boolean compact(SequenceRows sequence) {
        int length = sequence.cache().length();
        return sequence.mask() instanceof TaggedMask
                || sequence.mask() instanceof CausalMask causal && causal.cacheLength() == length;
    }

    /**
     * The mask from three numbers per row: its own slot, the slot before which it sees everything, and its tag; the
     * slots' tags come from the pool. Padding rows see nothing (their uniform, finite output is dropped); padding slots
     * lie after every row's own slot.
     */
    private NDArray compactMask(List<SequenceRows> batch, NDManager manager) {
        int[] self = new int[sequences * paddedRows];
        int[] seesAllBefore = new int[self.length];
        int[] tags = new int[self.length];
        Arrays.fill(self, -1);
        Arrays.fill(tags, KvPool.UNTAGGED);
        for (int s = 0; s < sequences; s++) {
            SequenceRows sequence = batch.get(s);
            int length = sequence.cache().length();
            for (int r = 0; r < sequence.rows(); r++) {
                int at = s * paddedRows + r;
                self[at] = length + r;
                if (sequence.mask() instanceof TaggedMask tagged) {
                    seesAllBefore[at] = tagged.seesAllBefore(r);
                    tags[at] = tagged.rowTag(r);
                } else {
                    seesAllBefore[at] = length + r + 1;
                }
            }
        }
        Shape perRow = new Shape(sequences, paddedRows, 1);
        NDArray slot = manager.arange(0, paddedSlots, 1, DataType.INT32).reshape(1, 1, paddedSlots);
        NDArray slotTags = pool.tags().get(readSlots).reshape(sequences, 1, paddedSlots);
        NDArray visible = slot.lte(manager.create(self, perRow)).logicalAnd(
                slot.lt(manager.create(seesAllBefore, perRow)).logicalOr(slotTags.eq(manager.create(tags, perRow))));
        return TransformerOps.additiveMask(visible);
    }

    /** The mask asked slot by slot (any {@link AttentionMask}); checks that every row sees a slot. */
    private NDArray denseMask(List<SequenceRows> batch, NDManager manager) {
        float[] additive = new float[sequences * paddedRows * paddedSlots];
        Arrays.fill(additive, TransformerOps.MASKED);
        for (int s = 0; s < sequences; s++) {
            SequenceRows sequence = batch.get(s);
            int slots = sequence.cache().length() + sequence.rows();
            for (int r = 0; r < sequence.rows(); r++) {
                int base = (s * paddedRows + r) * paddedSlots;
                boolean seesSomething = false;
                for (int slot = 0; slot < slots; slot++) {
                    if (sequence.mask().visible(r, slot)) {
                        additive[base + slot] = 0f;
                        seesSomething = true;
                    }
                }
                if (!seesSomething) {
                    throw new IllegalArgumentException("row " + r + " of a sequence sees no slot at all");
                }
            }
        }
        return manager.create(additive, new Shape(sequences, paddedRows, paddedSlots));
    }

    @Override
    public NDArray attend(int layer, NDArray q, NDArray k, NDArray v) {
        NDArray keys = pool.keys(layer);
        NDArray values = pool.values(layer);
        keys.set(writeSlots, k);
        values.set(writeSlots, v);
        NDArray paddedQueries = rowsToPadded == null ? q : q.get(rowsToPadded);
        NDArray attended = TransformerOps.groupedQueryAttention(
                paddedQueries.reshape(sequences, paddedRows, heads, headDim),
                gathered(keys),
                gathered(values),
                mask);
        NDArray flat = attended.reshape((long) sequences * paddedRows, (long) heads * headDim);
        return paddedToRows == null ? flat : flat.get(paddedToRows);
    }

    /** Every sequence's slots of a pool array, {@code [sequences, kvHeads, paddedSlots, headDim]}. */
    private NDArray gathered(NDArray pooled) {
        return pooled.get(readSlots).reshape(sequences, paddedSlots, kvHeads, headDim).transpose(0, 2, 1, 3);
    }
}
