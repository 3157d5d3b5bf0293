package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The Qwen2 decoder stack over flat rows: embeddings, then per layer RMSNorm, q/k/v projections, RoPE at every row's
 * explicit position, attention (supplied by the caller), output projection, RMSNorm and SiLU-gated MLP with residual
 * connections, then the final norm and LM head. {@link CausalLm} runs it over KV caches; {@link #sequenceLogits}
 * runs it over whole training sequences. Both go through {@link #residualStream}, so serving and training share
 * every line of the block.
 *
 * <p>Arrays created here are attached to the weights' manager: call it inside an {@link NDScope}.
 */
public final class Qwen2Decoder {

    private final Qwen2Weights weights;
    private final ModelConfig config;
    private final RotaryEmbedding rope;
    private final float eps;

    public Qwen2Decoder(Qwen2Weights weights) {
        this.weights = weights;
        this.config = weights.config();
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeTheta());
        this.eps = (float) config.rmsNormEps();
    }

    public ModelConfig config() {
        return config;
    }

    public Qwen2Weights weights() {
        return weights;
    }

    /**
     * Logits of a batch of full sequences, differentiable with respect to the weights (the training view).
     *
     * @param tokens token ids {@code [B, T]} (any integer type)
     * @param positions RoPE positions {@code [B, T]} (any integer type)
     * @param visibility {@code [B, T, T]}: boolean (true where row i may see column j), or a float32 additive mask
     *     (0 where visible, a large negative number where not)
     * @return logits {@code [B, T, vocab]}
     */
    public NDArray sequenceLogits(NDArray tokens, NDArray positions, NDArray visibility) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("tokens must be [B, T], got " + shape);
        }
        long batch = shape.get(0);
        long length = shape.get(1);
        if (!positions.getShape().equals(shape)) {
            throw new IllegalArgumentException("positions " + positions.getShape() + " must match tokens " + shape);
        }
        if (!visibility.getShape().equals(new Shape(batch, length, length))) {
            throw new IllegalArgumentException(
                    "visibility must be [" + batch + ", " + length + ", " + length + "], got " + visibility.getShape());
        }
        NDArray mask = TransformerOps.additiveMask(visibility);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int headDim = config.headDim();
        RowAttention withinSequence = (layer, q, k, v) -> TransformerOps.groupedQueryAttention(
                        q.reshape(batch, length, heads, headDim),
                        k.reshape(batch, length, kvHeads, headDim).transpose(0, 2, 1, 3),
                        v.reshape(batch, length, kvHeads, headDim).transpose(0, 2, 1, 3),
                        mask)
                .reshape(batch * length, (long) heads * headDim);
        NDArray ids = tokens.reshape(batch * length).toType(DataType.INT64, false);
        int[] rowPositions = positions.reshape(batch * length).toType(DataType.INT32, false).toIntArray();
        NDArray hidden = residualStream(ids, rowPositions, withinSequence);
        return logits(hidden).reshape(batch, length, config.vocabSize());
    }

    /**
     * Runs all layers over rows and returns the residual stream after the last layer (before the final norm).
     *
     * @param ids token ids {@code [rows]}, int64
     * @param positions the RoPE position of every row
     * @param attention how the rows attend (per layer)
     * @return {@code [rows, hidden]}
     */
    NDArray residualStream(NDArray ids, int[] positions, RowAttention attention) {
        RotaryEmbedding.Angles angles = rope.angles(positions, weights.manager());
        NDArray x = weights.embedTokens().get(ids);
        List<LayerWeights> layers = weights.layers();
        for (int layer = 0; layer < layers.size(); layer++) {
            NDArray next;
            // Each layer's intermediates are released as soon as the layer is done, so that a long prefill needs the
            // memory of one layer's attention scores, not of all of them. (Autograd keeps its own references to what
            // backward needs, so this is safe while training too.)
            try (NDScope layerScope = new NDScope()) {
                next = layer(layer, layers.get(layer), x, angles, attention);
                NDScope.unregister(next);
            }
            NDScope.register(next);
            x = next;
        }
        return x;
    }

    private NDArray layer(int index, LayerWeights w, NDArray x, RotaryEmbedding.Angles angles, RowAttention attention) {
        NDArray h = TransformerOps.rmsNorm(x, w.inputNorm(), eps);
        NDList qkv = w.fused() ? fusedQkv(h, w, angles) : separateQkv(h, w, angles);
        NDArray attended = attention.attend(index, qkv.get(0), qkv.get(1), qkv.get(2));
        NDArray afterAttention = x.add(TransformerOps.linear(attended, w.oWeight(), null));
        NDArray mlpInput = TransformerOps.rmsNorm(afterAttention, w.postAttentionNorm(), eps);
        NDArray mlp = w.fused()
                ? TransformerOps.fusedGatedMlp(mlpInput, w.gateUpWeight(), w.downWeight())
                : TransformerOps.gatedMlp(mlpInput, w.gateWeight(), w.upWeight(), w.downWeight());
        return afterAttention.add(mlp);
    }

    /** q {@code [rows, heads, headDim]} and k {@code [rows, kvHeads, headDim]} with RoPE, and v: three products. */
    private NDList separateQkv(NDArray h, LayerWeights w, RotaryEmbedding.Angles angles) {
        long rows = h.getShape().get(0);
        NDArray q = TransformerOps.linear(h, w.qWeight(), w.qBias()).reshape(rows, config.numHeads(), config.headDim());
        NDArray k = TransformerOps.linear(h, w.kWeight(), w.kBias())
                .reshape(rows, config.numKvHeads(), config.headDim());
        NDArray v = TransformerOps.linear(h, w.vWeight(), w.vBias())
                .reshape(rows, config.numKvHeads(), config.headDim());
        return new NDList(RotaryEmbedding.apply(q, angles), RotaryEmbedding.apply(k, angles), v);
    }

    /** The same from one product, with RoPE applied to the q and k heads together. */
    private NDList fusedQkv(NDArray h, LayerWeights w, RotaryEmbedding.Angles angles) {
        long rows = h.getShape().get(0);
        long headDim = config.headDim();
        long rotatedHeads = config.numHeads() + config.numKvHeads();
        NDList qkAndV = TransformerOps.linear(h, w.qkvWeight(), w.qkvBias())
                .split(new long[] {rotatedHeads * headDim}, 1);
        NDArray qk = RotaryEmbedding.apply(qkAndV.get(0).reshape(rows, rotatedHeads, headDim), angles);
        NDList qAndK = qk.split(new long[] {config.numHeads()}, 1);
        return new NDList(qAndK.get(0), qAndK.get(1), qkAndV.get(1).reshape(rows, config.numKvHeads(), headDim));
    }

    /** Final norm and LM head: {@code [rows, hidden]} to {@code [rows, vocab]}. */
    NDArray logits(NDArray residual) {
        return TransformerOps.linear(finalNorm(residual), weights.lmHead(), null);
    }

    /** The final norm alone: the LM head's input. */
    NDArray finalNorm(NDArray residual) {
        return TransformerOps.rmsNorm(residual, weights.finalNorm(), eps);
    }
}
