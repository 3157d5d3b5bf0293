package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serving attention for all sequences of one forward, against the {@link KvPool}: per layer one write of the new rows'
 * keys and values into their slots, then per <em>row group</em> one gather of its sequences' slots and one attention
 * call over the group padded to {@code [sequences, most rows, most slots]} with one combined mask.
 *
 * <p>Sequences are grouped by their row count rounded up to a power of two (decoding rows with one or a few branches,
 * prompt chunks of many rows). One padded call over all of them would make every decoding sequence pay for the
 * longest prompt chunk of the step: with a 16-row chunk among 15 one-row streams, 16 x 16 query rows instead of 31.
 * Within a group padding wastes less than half of the rows.
 *
 * <p>Everything that does not depend on the layer (where the new rows go, which pool slots each group reads, the masks)
 * is prepared once, at construction, from a few numbers per row and per block: no Java work per slot, except for
 * masks that are neither {@link AttentionMask#causal} nor {@link AttentionMask#tagged}. Arrays are created on
 * {@code manager} in the caller's scope.
 */
final class PooledAttention implements RowAttention {

    private static final long[] BLOCK_OFFSETS = blockOffsets();

    private final KvPool pool;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final NDIndex writeSlots;
    private final List<RowGroup> groups;
    /** Where each row's output lies in the groups' concatenated padded outputs; null when they are the rows as given. */
    private final NDIndex paddedToRows;

    /**
     * The sequences of one attention call: their padded sizes, which query rows fill the padded layout (null when
     * the call's queries are the forward's rows as given), which pool slots they read, and their mask.
     */
    private record RowGroup(int sequences, int paddedRows, int paddedSlots, NDIndex queries, NDIndex readSlots,
                            NDArray mask) {}

    /** Writes the new rows' tags into the pool (nothing else): a failed forward leaves the caches' lengths alone. */
    PooledAttention(KvPool pool, ModelConfig config, List<SequenceRows> batch, NDManager manager) {
        this.pool = pool;
        this.heads = config.numHeads();
        this.kvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        int[] firstRow = new int[batch.size()];
        int totalRows = 0;
        for (int s = 0; s < batch.size(); s++) {
            firstRow[s] = totalRows;
            totalRows += batch.get(s).rows();
        }
        long[] writes = new long[totalRows];
        int[] tags = new int[totalRows];
        for (int s = 0; s < batch.size(); s++) {
            SequenceRows sequence = batch.get(s);
            KvCache cache = sequence.cache();
            for (int r = 0; r < sequence.rows(); r++) {
                writes[firstRow[s] + r] = cache.poolSlot(cache.length() + r);
                tags[firstRow[s] + r] = rowTag(sequence, r);
            }
        }
        this.writeSlots = new NDIndex("{}", manager.create(writes));
        pool.tags().set(writeSlots, manager.create(tags));

        List<List<Integer>> members = groupByRowCount(batch);
        this.groups = new ArrayList<>(members.size());
        long[] outputRow = new long[totalRows];
        long groupOffset = 0;
        for (List<Integer> member : members) {
            RowGroup group = rowGroup(batch, member, firstRow, members.size() == 1, manager);
            groups.add(group);
            for (int m = 0; m < member.size(); m++) {
                int s = member.get(m);
                for (int r = 0; r < batch.get(s).rows(); r++) {
                    outputRow[firstRow[s] + r] = groupOffset + (long) m * group.paddedRows() + r;
                }
            }
            groupOffset += (long) group.sequences() * group.paddedRows();
        }
        boolean asGiven = groups.size() == 1 && groups.get(0).queries() == null;
        this.paddedToRows = asGiven ? null : new NDIndex("{}", manager.create(outputRow));
    }

    /** Sequence indices grouped by row count rounded up to a power of two, groups in order of first appearance. */
    private static List<List<Integer>> groupByRowCount(List<SequenceRows> batch) {
        Map<Integer, List<Integer>> byBucket = new LinkedHashMap<>();
        for (int s = 0; s < batch.size(); s++) {
            int bucket = 32 - Integer.numberOfLeadingZeros(batch.get(s).rows() - 1);
            byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(s);
        }
        return List.copyOf(byBucket.values());
    }

    private RowGroup rowGroup(List<SequenceRows> batch, List<Integer> member, int[] firstRow, boolean onlyGroup,
                              NDManager manager) {
        List<SequenceRows> sequences = member.stream().map(batch::get).toList();
        int mostRows = 0;
        int mostSlots = 0;
        int rows = 0;
        for (SequenceRows sequence : sequences) {
            rows += sequence.rows();
            mostRows = Math.max(mostRows, sequence.rows());
            mostSlots = Math.max(mostSlots, sequence.cache().length() + sequence.rows());
        }
        int count = sequences.size();
        int blocks = KvPool.blocksFor(mostSlots);
        int paddedSlots = blocks * KvPool.BLOCK_SIZE;
        long[] blockStarts = new long[count * blocks];
        long[] queries = new long[count * mostRows];
        for (int m = 0; m < count; m++) {
            SequenceRows sequence = sequences.get(m);
            sequence.cache().blockStarts(blockStarts, m * blocks, blocks);
            for (int r = 0; r < mostRows; r++) {
                // a padding row repeats its sequence's first row; its output is dropped
                queries[m * mostRows + r] = firstRow[member.get(m)] + (r < sequence.rows() ? r : 0);
            }
        }
        boolean queriesAsGiven = onlyGroup && rows == count * mostRows;
        NDArray readIndex = manager.create(blockStarts, new Shape(count, blocks, 1))
                .add(manager.create(BLOCK_OFFSETS, new Shape(1, 1, KvPool.BLOCK_SIZE)))
                .reshape((long) count * paddedSlots);
        NDIndex readSlots = new NDIndex("{}", readIndex);
        NDArray mask = sequences.stream().allMatch(PooledAttention::compact)
                ? compactMask(sequences, mostRows, paddedSlots, readSlots, manager)
                : denseMask(sequences, mostRows, paddedSlots, manager);
        return new RowGroup(count, mostRows, paddedSlots,
                queriesAsGiven ? null : new NDIndex("{}", manager.create(queries)), readSlots, mask);
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
    private NDArray compactMask(List<SequenceRows> sequences, int paddedRows, int paddedSlots, NDIndex readSlots,
                                NDManager manager) {
        int count = sequences.size();
        int[] self = new int[count * paddedRows];
        int[] seesAllBefore = new int[self.length];
        int[] tags = new int[self.length];
        Arrays.fill(self, -1);
        Arrays.fill(tags, KvPool.UNTAGGED);
        for (int s = 0; s < count; s++) {
            SequenceRows sequence = sequences.get(s);
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
        Shape perRow = new Shape(count, paddedRows, 1);
        NDArray slot = manager.arange(0, paddedSlots, 1, DataType.INT32).reshape(1, 1, paddedSlots);
        NDArray slotTags = pool.tags().get(readSlots).reshape(count, 1, paddedSlots);
        NDArray visible = slot.lte(manager.create(self, perRow)).logicalAnd(
                slot.lt(manager.create(seesAllBefore, perRow)).logicalOr(slotTags.eq(manager.create(tags, perRow))));
        return TransformerOps.additiveMask(visible);
    }

    /** The mask asked slot by slot (any {@link AttentionMask}); checks that every row sees a slot. */
    private static NDArray denseMask(List<SequenceRows> sequences, int paddedRows, int paddedSlots,
                                     NDManager manager) {
        int count = sequences.size();
        float[] additive = new float[count * paddedRows * paddedSlots];
        Arrays.fill(additive, TransformerOps.MASKED);
        for (int s = 0; s < count; s++) {
            SequenceRows sequence = sequences.get(s);
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
        return manager.create(additive, new Shape(count, paddedRows, paddedSlots));
    }

    @Override
    public NDArray attend(int layer, NDArray q, NDArray k, NDArray v) {
        NDArray keys = pool.keys(layer);
        NDArray values = pool.values(layer);
        keys.set(writeSlots, k);
        values.set(writeSlots, v);
        NDList outputs = new NDList(groups.size());
        for (RowGroup group : groups) {
            NDArray queries = group.queries() == null ? q : q.get(group.queries());
            outputs.add(TransformerOps.groupedQueryAttention(
                            queries.reshape(group.sequences(), group.paddedRows(), heads, headDim),
                            gathered(keys, group),
                            gathered(values, group),
                            group.mask())
                    .reshape((long) group.sequences() * group.paddedRows(), (long) heads * headDim));
        }
        NDArray padded = outputs.size() == 1 ? outputs.singletonOrThrow() : NDArrays.concat(outputs, 0);
        return paddedToRows == null ? padded : padded.get(paddedToRows);
    }

    /** A group's slots of a pool array, {@code [sequences, kvHeads, paddedSlots, headDim]}. */
    private NDArray gathered(NDArray pooled, RowGroup group) {
        return pooled.get(group.readSlots())
                .reshape(group.sequences(), group.paddedSlots(), kvHeads, headDim)
                .transpose(0, 2, 1, 3);
    }
}
