package io.aspd.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How random weights are drawn. Every tensor gets its own generator seeded from the run seed and the tensor name, so a
 * tensor's values do not depend on which other tensors exist or in which order they are created.
 */
public enum InitScheme {
    /**
     * What Hugging Face's Qwen2 initialisation does: embeddings and linear weights from N(0, 0.02), zero biases, unit
     * norm weights. The starting point for training.
     */
    TRAINING,
    /**
     * Every tensor random at a scale that keeps activations of order one (linear weights N(0, 1/fan_in), embeddings
     * N(0, 1), biases N(0, 0.1), norm weights 1 + N(0, 0.1)), so that a test comparing two computations sees a
     * difference when any weight is used wrongly. With {@link #TRAINING} attention is almost uniform and biases are
     * zero, which would hide such mistakes.
     */
    TESTING;

    /** Draws one tensor, whose role (norm, bias, embedding, linear) is read from its Hugging Face name. */
    public FloatTensor sample(String name, long[] shape, long seed) {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        float[] values = new float[Math.toIntExact(count)];
        SplittableRandom random = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + name.hashCode());
        if (name.endsWith("norm.weight")) {
            double spread = this == TESTING ? 0.1 : 0.0;
            fill(values, random, 1.0, spread);
        } else if (name.endsWith(".bias")) {
            fill(values, random, 0.0, this == TESTING ? 0.1 : 0.0);
        } else if (name.endsWith("embed_tokens.weight")) {
            fill(values, random, 0.0, this == TESTING ? 1.0 : 0.02);
        } else {
            long fanIn = shape[shape.length - 1];
            fill(values, random, 0.0, this == TESTING ? 1.0 / Math.sqrt(fanIn) : 0.02);
        }
        return new FloatTensor(shape, values);
    }

    private static void fill(float[] values, SplittableRandom random, double mean, double std) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + (std == 0 ? 0 : std * random.nextGaussian()));
        }
    }
}
