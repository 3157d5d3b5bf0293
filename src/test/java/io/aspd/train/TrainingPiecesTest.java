package io.aspd.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.aspd.markup.AspdTokenIds;
import io.aspd.markup.TrainingView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingPiecesTest {
    static final AspdTokenIds IDS = new AspdTokenIds(1, 2, 3, 4, 5, 6);
    static final int PAD = 0;

    @Test
    void aBatchCarriesEachExamplesTrainingViewAndTrainsOnlyTheAnswer() {
        TrainingExample aspd = new TrainingExample(new int[] {10, 11, 1, 20, 2, 1, 21, 2, 3, 5, 30, 6, 5, 31, 32, 6, 4, 40}, 2);
        TrainingExample plain = new TrainingExample(new int[] {10, 12, 13, 14}, 2);
        TrainingBatch batch = new TrainingBatch(List.of(aspd, plain), IDS, PAD);
        assertThat(batch.length).isEqualTo(18);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            int[] positions = batch.positions(manager).toIntArray();
            boolean[] visibility = batch.visibility(manager).toBooleanArray();
            float[] weights = batch.weights(manager).toFloatArray();
            long[] targets = batch.targets(manager).toLongArray();
            TrainingView view = TrainingView.of(aspd.tokens(), IDS);
            for (int t = 0; t < 18; t++) {
                assertThat(positions[t]).isEqualTo(view.position(t));
                for (int k = 0; k < 18; k++) {
                    assertThat(visibility[t * 18 + k]).isEqualTo(view.visible(t, k));
                }
                assertThat(weights[t]).as("row %d predicts an answer token", t).isEqualTo(t >= 1 && t < 17 ? 1f : 0f);
            }
            assertThat(targets[0]).isEqualTo(11);
            // the second example: 2 answer predictions, then padding that sees only itself and is never trained
            int row = 18;
            assertThat(new float[] {weights[row], weights[row + 1], weights[row + 2], weights[row + 3]})
                    .containsExactly(0f, 1f, 1f, 0f);
            for (int t = 4; t < 18; t++) {
                assertThat(weights[row + t]).isZero();
                for (int k = 0; k < 18; k++) {
                    assertThat(visibility[(row + t) * 18 + k]).isEqualTo(k == t);
                }
            }
            assertThat(batch.answerTokens()).isEqualTo(16 + 2);
            assertThat(batch.realTokens()).isEqualTo(18 + 4);
        }
    }

    @Test
    void theScheduleWarmsUpLinearlyThenDecaysAlongACosine() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 1e-4, 10, 110);
        assertThat(schedule.at(0)).isCloseTo(1e-4, within(1e-12));
        assertThat(schedule.at(9)).isCloseTo(1e-3, within(1e-12));
        assertThat(schedule.at(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(schedule.at(60)).isCloseTo(1e-4 + 0.9e-3 * 0.5, within(1e-12));
        assertThat(schedule.at(110)).isCloseTo(1e-4, within(1e-12));
        for (int s = 11; s < 110; s++) {
            assertThat(schedule.at(s)).isLessThan(schedule.at(s - 1));
        }
    }

    @Test
    void everyEpochUsesEachExampleOnceInAnOrderThatOnlyTheSeedAndStepDecide() {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            examples.add(new TrainingExample(new int[] {i, 1000 + i, 2000 + (i % 7)}, 1));
        }
        BatchSchedule schedule = new BatchSchedule(examples, 8, 42);
        assertThat(schedule.batchesPerEpoch()).isEqualTo(12);
        Set<Integer> firstEpoch = new HashSet<>();
        for (int step = 0; step < 12; step++) {
            schedule.batch(step).forEach(e -> assertThat(firstEpoch.add(e.tokens()[0])).isTrue());
        }
        assertThat(firstEpoch).hasSize(96);
        BatchSchedule again = new BatchSchedule(examples, 8, 42);
        assertThat(again.batch(17)).isEqualTo(schedule.batch(17));
        assertThat(new BatchSchedule(examples, 8, 43).batch(3)).isNotEqualTo(schedule.batch(3));
    }

    @Test
    void adamWMatchesAPlainJavaReferenceIncludingClippingAndDecoupledDecay() {
        float[] start = {0.5f, -1.0f, 2.0f, 0.25f};
        float[][] gradients = {{1f, -2f, 0.5f, 3f}, {0.1f, 0.2f, -0.3f, 0.4f}, {-1f, 1f, -1f, 1f}};
        double lr = 0.01, beta1 = 0.9, beta2 = 0.95, eps = 1e-8, decay = 0.1, clip = 2.0;
        double[] p = new double[4], m = new double[4], v = new double[4];
        for (int i = 0; i < 4; i++) {
            p[i] = start[i];
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray matrix = manager.create(start, new ai.djl.ndarray.types.Shape(2, 2));
            matrix.setRequiresGradient(true);
            AdamW adam = new AdamW(Map.of("w", matrix), manager, beta1, beta2, eps, decay);
            for (int step = 1; step <= gradients.length; step++) {
                float[] g = gradients[step - 1];
                try (var collector = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                    collector.backward(matrix.mul(manager.create(g, new ai.djl.ndarray.types.Shape(2, 2))).sum());
                }
                double norm = Math.sqrt(java.util.stream.IntStream.range(0, 4).mapToDouble(i -> g[i] * g[i]).sum());
                double scale = norm > clip ? clip / (norm + 1e-6) : 1.0;
                assertThat(adam.step(lr, clip)).isCloseTo(norm, within(1e-4));
                for (int i = 0; i < 4; i++) {
                    double gi = g[i] * scale;
                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    double mHat = m[i] / (1 - Math.pow(beta1, step));
                    double vHat = v[i] / (1 - Math.pow(beta2, step));
                    p[i] -= lr * (mHat / (Math.sqrt(vHat) + eps) + decay * p[i]);
                }
            }
            float[] actual = matrix.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertThat((double) actual[i]).isCloseTo(p[i], within(1e-5));
            }
            assertThat(matrix.getGradient().abs().sum().getFloat()).as("gradients zeroed").isZero();
        }
    }
}
