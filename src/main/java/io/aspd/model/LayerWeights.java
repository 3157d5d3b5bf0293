package io.aspd.model;

import ai.djl.ndarray.NDArray;

/** The parameters of one decoder layer (views into {@link Qwen2Weights}); the biases are null without attention bias. */
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
        NDArray downWeight) {}
