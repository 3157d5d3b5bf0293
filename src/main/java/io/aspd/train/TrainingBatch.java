package io.aspd.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.aspd.markup.AspdTokenIds;
import io.aspd.markup.TrainingView;
import java.util.List;

/**
 * Examples padded to the longest one, laid out as the training forward takes them: tokens, Same-Seq positions and the
 * branch visibility of the training view (docs/aspd-method.md §3-4, from the same {@link TrainingView} the engine's
 * invariant tests check), next-token targets and loss weights (1 on the answer's tokens, 0 elsewhere). Padding rows
 * see only themselves, so no softmax row is empty; no real row sees padding because padding comes last.
 */
final class TrainingBatch {
    final int batch;
    final int length;
    private final int[] tokens;
    private final int[] positions;
    private final int[] targets;
    private final boolean[] visibility;
    private final float[] weights;
    private final int answerTokens;
    private final int realTokens;

    TrainingBatch(List<TrainingExample> examples, AspdTokenIds ids, int padId) {
        batch = examples.size();
        length = examples.stream().mapToInt(TrainingExample::length).max().orElseThrow();
        tokens = new int[batch * length];
        positions = new int[batch * length];
        targets = new int[batch * length];
        visibility = new boolean[batch * length * length];
        weights = new float[batch * length];
        int answers = 0;
        int real = 0;
        for (int b = 0; b < batch; b++) {
            TrainingExample example = examples.get(b);
            int n = example.length();
            TrainingView view = TrainingView.of(example.tokens(), ids);
            int row = b * length;
            for (int t = 0; t < length; t++) {
                int at = row + t;
                int block = (b * length + t) * length;
                if (t < n) {
                    tokens[at] = example.tokens()[t];
                    positions[at] = view.position(t);
                    for (int k = 0; k <= t; k++) {
                        visibility[block + k] = view.visible(t, k);
                    }
                    if (t + 1 < n) {
                        targets[at] = example.tokens()[t + 1];
                        if (t + 1 >= example.answerStart()) {
                            weights[at] = 1;
                            answers++;
                        }
                    }
                    real++;
                } else {
                    tokens[at] = padId;
                    targets[at] = padId;
                    visibility[block + t] = true;
                }
            }
        }
        answerTokens = answers;
        realTokens = real;
    }

    /** Tokens whose prediction is trained. */
    int answerTokens() {
        return answerTokens;
    }

    /** Tokens that are not padding. */
    int realTokens() {
        return realTokens;
    }

    NDArray tokens(NDManager manager) {
        return manager.create(tokens, new Shape(batch, length));
    }

    NDArray positions(NDManager manager) {
        return manager.create(positions, new Shape(batch, length));
    }

    NDArray visibility(NDManager manager) {
        return manager.create(visibility, new Shape(batch, length, length));
    }

    NDArray targets(NDManager manager) {
        return manager.create(targets, new Shape(batch, length, 1)).toType(DataType.INT64, false);
    }

    NDArray weights(NDManager manager) {
        return manager.create(weights, new Shape(batch, length));
    }
}
