package io.aspd.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Qwen2-family causal language model for serving: one {@link #forward} call advances any number of sequences
 * (continuous batching) by any number of rows each (prefill, one token, several ASPD branch tokens).
 *
 * <p>Not thread-safe: one forward at a time (the engine's scheduler thread). Every array a forward creates lives in an
 * {@link NDScope} closed before it returns, so native memory stays flat from step to step.
 */
public final class CausalLm implements AutoCloseable {

    /** Forwards wanting logits for at most this many rows use the float16 LM head, when there is one. */
    public static final int HALF_PRECISION_LM_HEAD_MAX_ROWS = 4;

    private final Qwen2Weights weights;
    private final Qwen2Decoder decoder;
    private final ModelConfig config;
    private final NDManager ownedManager;
    private final NDManager servingManager;
    private final KvPool pool;
    private final NDArray halfPrecisionLmHead;

    private CausalLm(Qwen2Weights weights, NDManager ownedManager, ServingOptions options) {
        this.weights = weights;
        this.decoder = new Qwen2Decoder(weights);
        this.config = weights.config();
        this.ownedManager = ownedManager;
        this.servingManager = weights.manager().newSubManager();
        int budget = options.kvTokenBudget() > 0 ? options.kvTokenBudget() : defaultKvTokenBudget(config);
        this.pool = new KvPool(servingManager, config, budget, options.prefixCaching());
        this.halfPrecisionLmHead = options.halfPrecisionLmHead() ? halfPrecisionCopy(weights.lmHead()) : null;
    }

    private NDArray halfPrecisionCopy(NDArray lmHead) {
        NDArray copy = lmHead.toType(DataType.FLOAT16, true);
        copy.attach(servingManager);
        NDScope.unregister(copy);
        return copy;
    }

    /**
     * Loads a Hugging Face model folder ({@code config.json} plus {@code model.safetensors} or a sharded index; F32,
     * F16 or BF16 weights, computed in float32) with {@link ServingOptions#defaults()}.
     *
     * @throws ModelLoadException naming the folder, file or tensor when the folder cannot be used
     */
    public static CausalLm load(Path modelDir) {
        return load(modelDir, ServingOptions.defaults());
    }

    /** Loads a model folder (see {@link #load(Path)}) to serve with the given options. */
    public static CausalLm load(Path modelDir, ServingOptions options) {
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            Qwen2Weights weights = Qwen2Weights.load(modelDir, manager);
            weights.fuseProjections(); // only this model sees these weights, and it never trains them
            return new CausalLm(weights, manager, options);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Serves existing weights (e.g. while training); closing the model frees its KV pool, not the weights. */
    public static CausalLm of(Qwen2Weights weights) {
        return of(weights, ServingOptions.defaults());
    }

    /**
     * Serves existing weights with the given options. A float16 LM head is a copy made now: use it only with weights
     * that no longer change.
     */
    public static CausalLm of(Qwen2Weights weights, ServingOptions options) {
        return new CausalLm(weights, null, options);
    }

    /**
     * The KV pool size when none is configured: room for 16 sequences of {@code max_position_embeddings} tokens, but
     * at most 1 GiB of float32 keys and values (and never less than one full-length sequence).
     */
    public static int defaultKvTokenBudget(ModelConfig config) {
        return KvPool.defaultTokenBudget(config);
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * An empty KV cache for one sequence, holding pool blocks for {@code initialCapacity} slots at once; see
     * {@link KvCache} on capacity and growth. Close it when done: that returns its blocks to the pool.
     *
     * @throws KvPoolExhaustedException when the pool has too few free slots
     */
    public KvCache newCache(int initialCapacity) {
        return new KvCache(this, pool, initialCapacity, null);
    }

    /**
     * A KV cache for a sequence that will start with {@code prompt}: with prefix caching, it already holds the longest
     * cached run of full blocks of those rows (at most all but the prompt's last row), shared with the caches that
     * hold them; {@link KvCache#length()} says how many rows that is, and only the rest is to be fed. Without prefix
     * caching, or when nothing is cached, it is empty. {@code initialCapacity} counts the cached rows too.
     *
     * @throws KvPoolExhaustedException when the pool has too few free slots
     */
    public KvCache newCache(int initialCapacity, PrefixRows prompt) {
        return new KvCache(this, pool, initialCapacity, Objects.requireNonNull(prompt, "prompt"));
    }

    /** How many rows of {@code prompt} {@link #newCache(int, PrefixRows)} would find cached now (0 without caching). */
    public int cachedPrefixLength(PrefixRows prompt) {
        return KvCache.cachedBlocks(pool, prompt).size() * KvPool.BLOCK_SIZE;
    }

    /** Whether the model reuses cached prompt prefixes ({@link ServingOptions#prefixCaching}). */
    public boolean prefixCaching() {
        return pool.index() != null;
    }

    /**
     * How full the KV cache pool is (for metrics such as {@code kv_cache_usage_perc}); may be read from any thread
     * (the counts are then as of a recent step).
     */
    public KvCacheUsage kvCacheUsage() {
        return pool.usage();
    }

    /**
     * One forward for the new rows of one or more sequences. Everything runs batched over all rows of all sequences,
     * attention included: per layer one call over the sequences padded to the most rows and the most slots, with one
     * combined mask (see {@link PooledAttention}). Every row's keys (RoPE applied at the row's position) and values are
     * written to its sequence's cache.
     *
     * <p>The mask and attention scores take {@code sequences x mostRows x mostSlots} floats (per head for the scores,
     * one layer at a time), so prefill a long prompt in chunks of a few hundred rows.
     *
     * @param batch the sequences, each with its own cache (a cache may appear only once)
     * @return per sequence, in order, the logits {@code [k][vocab]} of its k rows whose {@code wantLogits} is true, in
     *     row order (the LM head runs only on those rows)
     * @throws IllegalArgumentException for an empty batch, a repeated or foreign cache, a token outside the vocabulary,
     *     a position beyond {@code max_position_embeddings}, a tagged mask made for another cache or length, or a row
     *     that sees no slot
     * @throws KvPoolExhaustedException when a cache must grow and the pool is full
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
            PooledAttention attention = new PooledAttention(pool, config, batch, manager);
            NDArray residual = decoder.residualStream(manager.create(ids), positions, attention);
            logits = logitRows.isEmpty() ? new float[0] : lmHead(residual, logitRows, totalRows, manager);
        }
        for (SequenceRows sequence : batch) {
            sequence.cache().commit(sequence);
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
            if (sequence.mask() instanceof TaggedMask tagged && (tagged.cache() != cache
                    || tagged.cacheLength() != cache.length() || tagged.rows() != sequence.rows())) {
                throw new IllegalArgumentException(
                        "a tagged mask was made for another cache, cache length or row count");
            }
            for (int position : sequence.positions()) {
                if (position >= config.maxPositionEmbeddings()) {
                    throw new IllegalArgumentException("position " + position + " is beyond max_position_embeddings "
                            + config.maxPositionEmbeddings());
                }
            }
        }
    }

    private float[] lmHead(NDArray residual, List<Long> logitRows, int totalRows, NDManager manager) {
        NDArray selected = residual;
        if (logitRows.size() < totalRows) {
            long[] rows = logitRows.stream().mapToLong(Long::longValue).toArray();
            selected = residual.get(manager.create(rows));
        }
        if (halfPrecisionLmHead != null && logitRows.size() <= HALF_PRECISION_LM_HEAD_MAX_ROWS) {
            NDArray normed = decoder.finalNorm(selected).toType(DataType.FLOAT16, false);
            return TransformerOps.linear(normed, halfPrecisionLmHead, null).toType(DataType.FLOAT32, false)
                    .toFloatArray();
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
     * Native arrays alive under this model's weights manager: the parameters, the KV pool (K and V per layer, and the
     * slots' tags), and anything a forward leaked. It stays constant from step to step (the tests and the benchmark
     * check that).
     */
    public int nativeArrayCount() {
        return weights.manager().getManagedArrays().size();
    }

    /** Frees the KV pool (and the float16 LM head), and the weights if this model loaded them. */
    @Override
    public void close() {
        servingManager.close();
        if (ownedManager != null) {
            ownedManager.close();
        }
    }
}
