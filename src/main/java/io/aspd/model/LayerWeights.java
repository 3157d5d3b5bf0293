package io.aspd.model;

import ai.djl.ndarray.NDArray;

/**
 * The parameters of one decoder layer (views into {@link Qwen2Weights}); the biases are null without attention bias.
 * After {@link Qwen2Weights#fuseProjections()}, {@code qkvWeight} ({@code [q; k; v]} rows), {@code qkvBias} and
 * {@code gateUpWeight} ({@code [gate; up]} rows) hold the projections the separate arrays are views of; before, they
 * are null.
 */
record LayerWeights(
        NDArray inputNorm,
        NDArray qWeight,
        NDArray qBias,
        NDArray kWeight,
        NDArray kBias,
        NDArray vWeight,
        NDArray vBias,
        NDArray oWeight,
        NDArray postAttentionNorm,
        NDArray gateWeight,
        NDArray upWeight,
        NDArray downWeight,
        NDArray qkvWeight,
        NDArray qkvBias,
        NDArray gateUpWeight) {

    boolean fused() {
        return qkvWeight != null;
    }
}
