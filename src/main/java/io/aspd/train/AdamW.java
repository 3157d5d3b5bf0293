package io.aspd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.aspd.model.FloatTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), with global gradient-norm clipping. Weight decay skips
 * one-dimensional parameters (norm scales and biases), as is usual for transformers. The moments are plain arrays of
 * this class so that a checkpoint can save and restore them exactly.
 */
final class AdamW {
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private int steps;

    AdamW(Map<String, NDArray> parameters, NDManager manager, double beta1, double beta2, double epsilon,
          double weightDecay) {
        this.parameters = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        parameters.forEach((name, p) -> {
            firstMoments.put(name, persistent(manager.zeros(p.getShape())));
            secondMoments.put(name, persistent(manager.zeros(p.getShape())));
        });
    }

    private static NDArray persistent(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /**
     * Clips the gradients to {@code maxNorm} (global L2 norm), applies one update and zeroes the gradients.
     *
     * @return the gradient norm before clipping
     */
    double step(double learningRate, double maxNorm) {
        steps++;
        try (NDScope scope = new NDScope()) {
            double squared = 0;
            for (NDArray p : parameters.values()) {
                squared += p.getGradient().square().sum().getFloat();
            }
            double norm = Math.sqrt(squared);
            float scale = (float) (norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0);
            double correction1 = 1 - Math.pow(beta1, steps);
            double correction2 = 1 - Math.pow(beta2, steps);
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                NDArray p = entry.getValue();
                NDArray gradient = p.getGradient();
                NDArray g = gradient.mul(scale);
                NDArray m = firstMoments.get(entry.getKey());
                NDArray v = secondMoments.get(entry.getKey());
                m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                NDArray update = m.div((float) correction1)
                        .divi(v.div((float) correction2).sqrt().addi((float) epsilon));
                if (weightDecay > 0 && p.getShape().dimension() > 1) {
                    update.addi(p.mul((float) weightDecay));
                }
                p.subi(update.muli((float) learningRate));
                gradient.subi(gradient);
            }
            return norm;
        }
    }

    int steps() {
        return steps;
    }

    Map<String, FloatTensor> moments(boolean first) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        (first ? firstMoments : secondMoments).forEach((name, array) ->
                out.put(name, new FloatTensor(array.getShape().getShape(), array.toFloatArray())));
        return out;
    }

    /** Restores moments and the step count saved by a checkpoint. */
    void restore(Map<String, FloatTensor> first, Map<String, FloatTensor> second, int savedSteps) {
        first.forEach((name, tensor) -> firstMoments.get(name).set(tensor.values()));
        second.forEach((name, tensor) -> secondMoments.get(name).set(tensor.values()));
        steps = savedSteps;
    }
}
