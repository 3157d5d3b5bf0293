package io.aspd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in Hugging Face's "rotate half" layout: dimension {@code i} and {@code i + headDim/2} form
 * a pair rotated by {@code position * theta^(-2i/headDim)}. Every row carries its own explicit position (ASPD gives
 * several rows the same one), so the angles are computed per call from the positions, in double precision.
 */
final class RotaryEmbedding {

    /**
     * cos and sin of every row's angles, {@code [rows, 1, headDim]} (the 1 broadcasts over heads), and the
     * {@code [headDim, headDim]} rotate-half matrix.
     */
    record Angles(NDArray cos, NDArray sin, NDArray rotateHalf) {}

    private final int headDim;
    private final double[] inverseFrequencies;

    RotaryEmbedding(int headDim, double theta) {
        this.headDim = headDim;
        this.inverseFrequencies = new double[headDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            inverseFrequencies[i] = Math.pow(theta, -2.0 * i / headDim);
        }
    }

    /** The angles for the given positions, as arrays of {@code manager} (close them with the step's scope). */
    Angles angles(int[] positions, NDManager manager) {
        int half = headDim / 2;
        float[] cos = new float[positions.length * headDim];
        float[] sin = new float[positions.length * headDim];
        for (int row = 0; row < positions.length; row++) {
            for (int i = 0; i < half; i++) {
                double angle = positions[row] * inverseFrequencies[i];
                int at = row * headDim + i;
                cos[at] = cos[at + half] = (float) Math.cos(angle);
                sin[at] = sin[at + half] = (float) Math.sin(angle);
            }
        }
        Shape shape = new Shape(positions.length, 1, headDim);
        return new Angles(manager.create(cos, shape), manager.create(sin, shape), rotateHalfMatrix(manager));
    }

    /**
     * {@code x R = [-x2, x1]} for {@code x = [x1, x2]}: one small matmul instead of two slices, a negation and a
     * concatenation (each NDArray op costs a JNI round trip).
     */
    private NDArray rotateHalfMatrix(NDManager manager) {
        int half = headDim / 2;
        float[] r = new float[headDim * headDim];
        for (int i = 0; i < half; i++) {
            r[(i + half) * headDim + i] = -1f; // output i takes -x[i + half]
            r[i * headDim + i + half] = 1f; // output i + half takes x[i]
        }
        return manager.create(r, new Shape(headDim, headDim));
    }

    /** Rotates {@code x [rows, heads, headDim]} by each row's angles. */
    static NDArray apply(NDArray x, Angles angles) {
        return x.mul(angles.cos()).add(x.matMul(angles.rotateHalf()).mul(angles.sin()));
    }
}
