package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * The block math of a Qwen2-family decoder as functions over NDArrays. Serving ({@link CausalLm}) and training
 * ({@link Qwen2Decoder#sequenceLogits}) both call exactly these, so the two cannot drift apart. All functions are
 * differentiable.
 */
final class TransformerOps {

    /**
     * Added to the score of a slot a row must not see. Finite on purpose: a row that sees nothing (padding in a
     * training batch) then gets a uniform, finite distribution instead of NaNs that would poison the gradients; for
     * every row that sees at least one slot, {@code exp(MASKED - max)} is exactly zero, as with minus infinity.
     */
    static final float MASKED = -1e30f;

    private TransformerOps() {}

    /** {@code x * weight / sqrt(mean(x^2) + eps)} over the last axis, like Hugging Face's Qwen2RMSNorm. */
    static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add(eps).sqrt()).mul(weight);
    }

    /** {@code x W^T + b} over the last axis, with W stored {@code [out, in]}; {@code bias} may be null. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /**
     * Grouped-query attention with an additive mask, without repeating K/V per query head: the query heads that share
     * a key/value head are folded into the row axis of one batched matmul.
     *
     * @param q queries {@code [B, T, heads, headDim]}, RoPE applied
     * @param k keys {@code [B, kvHeads, S, headDim]}, RoPE applied
     * @param v values {@code [B, kvHeads, S, headDim]}
     * @param mask additive mask {@code [B, T, S]}: 0 where row t may see slot s, {@link #MASKED} where not
     * @return {@code [B, T, heads * headDim]}
     */
    static NDArray groupedQueryAttention(NDArray q, NDArray k, NDArray v, NDArray mask) {
        Shape qShape = q.getShape();
        long batch = qShape.get(0);
        long rows = qShape.get(1);
        long heads = qShape.get(2);
        long headDim = qShape.get(3);
        long kvHeads = k.getShape().get(1);
        long slots = k.getShape().get(2);
        long group = heads / kvHeads;
        // head h = kv * group + g, as in Hugging Face's repeat_kv
        NDArray grouped = q.transpose(0, 2, 1, 3).reshape(batch, kvHeads, group * rows, headDim);
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)).mul(1.0f / (float) Math.sqrt(headDim));
        NDArray probabilities = scores.reshape(batch, kvHeads, group, rows, slots)
                .add(mask.reshape(batch, 1, 1, rows, slots))
                .softmax(-1)
                .reshape(batch, kvHeads, group * rows, slots);
        return probabilities.matMul(v)
                .reshape(batch, heads, rows, headDim)
                .transpose(0, 2, 1, 3)
                .reshape(batch, rows, heads * headDim);
    }

    /** {@code down(silu(gate(x)) * up(x))}. */
    static NDArray gatedMlp(NDArray x, NDArray gate, NDArray up, NDArray down) {
        return linear(swiGlu(linear(x, gate, null), linear(x, up, null)), down, null);
    }

    /** {@code down(silu(gate(x)) * up(x))} with gate and up as one {@code [gate; up]} matrix: one product. */
    static NDArray fusedGatedMlp(NDArray x, NDArray gateUp, NDArray down) {
        NDList gateAndUp = linear(x, gateUp, null).split(2, x.getShape().dimension() - 1);
        return linear(swiGlu(gateAndUp.get(0), gateAndUp.get(1)), down, null);
    }

    /** {@code silu(gated) * up}. */
    private static NDArray swiGlu(NDArray gated, NDArray up) {
        return gated.mul(Activation.sigmoid(gated)).mul(up);
    }

    /** A boolean visibility tensor as an additive mask: 0 where visible, {@link #MASKED} where not. */
    static NDArray additiveMask(NDArray visibility) {
        if (visibility.getDataType() != DataType.BOOLEAN) {
            return visibility;
        }
        return visibility.logicalNot().toType(DataType.FLOAT32, false).mul(MASKED);
    }
}
