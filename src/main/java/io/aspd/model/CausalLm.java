package io.aspd.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A Qwen2-family causal language model for serving: one {@link #forward} call advances any number of sequences
 * (continuous batching) by any number of rows each (prefill, one token, several ASPD branch tokens).
 *
 * <p>Not thread-safe: one forward at a time (the engine's scheduler thread). Every array a forward creates lives in an
 * {@link NDScope} closed before it returns, so native memory stays flat from step to step.
 */
public final class CausalLm implements AutoCloseable {

    private final Qwen2Weights weights;
    private final Qwen2Decoder decoder;
    private final ModelConfig config;
    private final NDManager ownedManager;

    private CausalLm(Qwen2Weights weights, NDManager ownedManager) {
        this.weights = weights;
        this.decoder = new Qwen2Decoder(weights);
        this.config = weights.config();
        this.ownedManager = ownedManager;
    }

    /**
     * Loads a Hugging Face model folder ({@code config.json} plus {@code model.safetensors} or a sharded index; F32,
     * F16 or BF16 weights, computed in float32).
     *
     * @throws ModelLoadException naming the folder, file or tensor when the folder cannot be used
     */
    public static CausalLm load(Path modelDir) {
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            return new CausalLm(Qwen2Weights.load(modelDir, manager), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Serves existing weights (e.g. while training); closing the model does not close them. */
    public static CausalLm of(Qwen2Weights weights) {
        return new CausalLm(weights, null);
    }

    public ModelConfig config() {
        return config;
    }

    /** An empty KV cache for one sequence; see {@link KvCache} on capacity and growth. Close it when done. */
    public KvCache newCache(int initialCapacity) {
        return new KvCache(this, weights.manager().newSubManager(), config, initialCapacity);
    }

    /**
     * One forward for the new rows of one or more sequences. Embeddings, projections, MLP and LM head run batched over
     * all rows of all sequences; attention runs per sequence, against that sequence's cache plus its new rows, with
     * its mask. Every row's keys (RoPE applied at the row's position) and values are appended to its sequence's cache.
     *
     * <p>A sequence's mask and attention scores take {@code rows x (cacheLength + rows)} floats (per head for the
     * scores, one layer at a time), so prefill a long prompt in chunks of a few hundred rows.
     *
     * @param batch the sequences, each with its own cache (a cache may appear only once)
     * @return per sequence, in order, the logits {@code [k][vocab]} of its k rows whose {@code wantLogits} is true, in
     *     row order (the LM head runs only on those rows)
     * @throws IllegalArgumentException for an empty batch, a repeated or foreign cache, a token outside the vocabulary,
     *     a position beyond {@code max_position_embeddings}, or a row that sees no slot
     */
    public List<float[][]> forward(List<SequenceRows> batch) {
        validate(batch);
        for (SequenceRows sequence : batch) {
            sequence.cache().reserve(sequence.cache().length() + sequence.rows());
        }
        int totalRows = batch.stream().mapToInt(SequenceRows::rows).sum();
        long[] ids = new long[totalRows];
        int[] positions = new int[totalRows];
        List<Long> logitRows = new ArrayList<>();
        int offset = 0;
        for (SequenceRows sequence : batch) {
            for (int row = 0; row < sequence.rows(); row++) {
                ids[offset + row] = sequence.tokens()[row];
                positions[offset + row] = sequence.positions()[row];
                if (sequence.wantLogits()[row]) {
                    logitRows.add((long) offset + row);
                }
            }
            offset += sequence.rows();
        }
        float[] logits;
        try (NDScope step = new NDScope()) {
            NDManager manager = weights.manager();
            List<NDArray> masks = new ArrayList<>(batch.size());
            for (SequenceRows sequence : batch) {
                masks.add(additiveMask(sequence, manager));
            }
            NDArray residual = decoder.residualStream(
                    manager.create(ids), positions, (layer, q, k, v) -> attendPerSequence(batch, masks, layer, q, k, v));
            logits = logitRows.isEmpty() ? new float[0] : lmHead(residual, logitRows, totalRows, manager);
        }
        for (SequenceRows sequence : batch) {
            sequence.cache().commit(sequence.rows());
        }
        return split(batch, logits);
    }

    private void validate(List<SequenceRows> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a forward needs at least one sequence");
        }
        Set<KvCache> caches = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SequenceRows sequence : batch) {
            KvCache cache = sequence.cache();
            cache.requireOpen();
            if (cache.owner() != this) {
                throw new IllegalArgumentException("the KV cache was created by another model");
            }
            if (!caches.add(cache)) {
                throw new IllegalArgumentException("a KV cache appears twice in one forward");
            }
            for (int token : sequence.tokens()) {
                if (token < 0 || token >= config.vocabSize()) {
                    throw new IllegalArgumentException(
                            "token id " + token + " is outside the vocabulary [0, " + config.vocabSize() + ")");
                }
            }
            for (int position : sequence.positions()) {
                if (position >= config.maxPositionEmbeddings()) {
                    throw new IllegalArgumentException("position " + position + " is beyond max_position_embeddings "
                            + config.maxPositionEmbeddings());
                }
            }
        }
    }

    /** The sequence's mask as {@code [1, rows, cacheLength + rows]} of 0 (visible) and {@link TransformerOps#MASKED}. */
    private static NDArray additiveMask(SequenceRows sequence, NDManager manager) {
        int rows = sequence.rows();
        int slots = sequence.cache().length() + rows;
        float[] mask = new float[rows * slots];
        for (int row = 0; row < rows; row++) {
            boolean seesSomething = false;
            for (int slot = 0; slot < slots; slot++) {
                boolean visible = sequence.mask().visible(row, slot);
                seesSomething |= visible;
                mask[row * slots + slot] = visible ? 0f : TransformerOps.MASKED;
            }
            if (!seesSomething) {
                throw new IllegalArgumentException("row " + row + " of a sequence sees no slot at all");
            }
        }
        return manager.create(mask, new Shape(1, rows, slots));
    }

    private NDArray attendPerSequence(
            List<SequenceRows> batch, List<NDArray> masks, int layer, NDArray q, NDArray k, NDArray v) {
        List<NDArray> outputs = new ArrayList<>(batch.size());
        int offset = 0;
        for (int s = 0; s < batch.size(); s++) {
            SequenceRows sequence = batch.get(s);
            KvCache cache = sequence.cache();
            int rows = sequence.rows();
            boolean whole = batch.size() == 1;
            NDIndex mine = new NDIndex("{}:{}", offset, offset + rows);
            cache.write(layer, whole ? k : k.get(mine), whole ? v : v.get(mine));
            int slots = cache.length() + rows;
            NDArray attended = TransformerOps.groupedQueryAttention(
                    (whole ? q : q.get(mine)).expandDims(0),
                    cache.keys(layer, slots).expandDims(0),
                    cache.values(layer, slots).expandDims(0),
                    masks.get(s));
            outputs.add(attended.reshape(rows, (long) config.numHeads() * config.headDim()));
            offset += rows;
        }
        return outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(new NDList(outputs), 0);
    }

    private float[] lmHead(NDArray residual, List<Long> logitRows, int totalRows, NDManager manager) {
        NDArray selected = residual;
        if (logitRows.size() < totalRows) {
            long[] rows = logitRows.stream().mapToLong(Long::longValue).toArray();
            selected = residual.get(manager.create(rows));
        }
        return decoder.logits(selected).toFloatArray();
    }

    private List<float[][]> split(List<SequenceRows> batch, float[] logits) {
        int vocab = config.vocabSize();
        List<float[][]> result = new ArrayList<>(batch.size());
        int next = 0;
        for (SequenceRows sequence : batch) {
            float[][] rows = new float[sequence.logitRows()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = new float[vocab];
                System.arraycopy(logits, next * vocab, rows[i], 0, vocab);
                next++;
            }
            result.add(rows);
        }
        return result;
    }

    /**
     * Native arrays alive under this model's weights manager: the parameters, every open cache's K/V arrays, and
     * anything a forward leaked. It stays constant from step to step (the tests and the benchmark check that).
     */
    public int nativeArrayCount() {
        return weights.manager().getManagedArrays().size();
    }

    /** Frees the weights if this model loaded them (and with them every cache it made). */
    @Override
    public void close() {
        if (ownedManager != null) {
            ownedManager.close();
        }
    }
}
