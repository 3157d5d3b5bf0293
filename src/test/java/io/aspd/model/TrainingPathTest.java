package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.aspd.testkit.TestModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The training view ({@link Qwen2Decoder#sequenceLogits}) against the serving view ({@link CausalLm#forward}) on an
 * ASPD layout, and gradients through it.
 */
class TrainingPathTest {

    private static final double TOLERANCE = 1e-4;

    private final ModelConfig config = TestModels.tinyConfig();
    private final Random random = new Random(11);
    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /**
     * A flat ASPD sequence: prefix (5 shared), branch A (3 rows at positions 5..7), branch B (2 rows at 5..6), then two
     * shared rows at 10 and 11 (Same-Seq: after the block as if the branches had been written one after another).
     */
    private static final int[] POSITIONS = {0, 1, 2, 3, 4, 5, 6, 7, 5, 6, 10, 11};
    private static final int[] BRANCH = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 0, 0}; // 0 = shared

    /** Section 3 of the spec: shared rows see everything before; branch rows see the prefix and their own branch. */
    private static boolean[][] aspdVisibility() {
        int n = POSITIONS.length;
        boolean[][] visible = new boolean[n][n];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col <= row; col++) {
                visible[row][col] = BRANCH[row] == 0 || BRANCH[col] == 0 || BRANCH[col] == BRANCH[row];
            }
        }
        return visible;
    }

    @Test
    void trainingLogitsEqualServingLogitsAndTheReference() {
        Qwen2Weights weights = Qwen2Weights.random(config, manager, InitScheme.TESTING, 5);
        int n = POSITIONS.length;
        int[] aspdTokens = random.ints(n, 0, config.vocabSize()).toArray();
        int[] plainTokens = random.ints(n, 0, config.vocabSize()).toArray();
        boolean[][] aspd = aspdVisibility();
        boolean[][] causal = Reference.causal(n);

        float[] training;
        try (NDScope scope = new NDScope()) {
            NDArray tokens = manager.create(concat(aspdTokens, plainTokens), new Shape(2, n));
            NDArray positions = manager.create(concat(POSITIONS, range(n)), new Shape(2, n));
            NDArray visibility = manager.create(flatten(aspd, causal), new Shape(2, n, n));
            NDArray logits = new Qwen2Decoder(weights).sequenceLogits(tokens, positions, visibility);
            training = logits.toFloatArray();
            NDArray additive = TransformerOps.additiveMask(visibility);
            float[] withAdditiveMask =
                    new Qwen2Decoder(weights).sequenceLogits(tokens, positions, additive).toFloatArray();
            assertClose(training, withAdditiveMask, 0, "boolean and additive masks");
        }
        int vocab = config.vocabSize();
        float[] trainingAspd = Numerics.rows(training, vocab, 0, n);
        float[] trainingPlain = Numerics.rows(training, vocab, n, 2 * n);

        Map<String, FloatTensor> values = weights.toFloatTensors();
        assertClose(Reference.logits(config, values, aspdTokens, POSITIONS, aspd), trainingAspd, TOLERANCE,
                "training view vs reference");
        assertClose(Reference.logits(config, values, plainTokens, range(n), causal), trainingPlain, TOLERANCE,
                "plain sequence in the same batch");

        try (CausalLm model = CausalLm.of(weights); KvCache cache = model.newCache(4)) {
            List<float[]> serving = new ArrayList<>();
            // prefix, then both branches in one forward, then the shared tail one row at a time
            serving.addAll(serve(model, cache, 0, 5, aspdTokens, aspd));
            serving.addAll(serve(model, cache, 5, 10, aspdTokens, aspd));
            serving.addAll(serve(model, cache, 10, 11, aspdTokens, aspd));
            serving.addAll(serve(model, cache, 11, 12, aspdTokens, aspd));
            for (int row = 0; row < n; row++) {
                assertClose(Numerics.rows(trainingAspd, vocab, row, row + 1), serving.get(row), TOLERANCE,
                        "row " + row);
            }
        }
    }

    /** Serves rows [from, to) of the flat layout; in this layout slot index == flat index. */
    private static List<float[]> serve(CausalLm model, KvCache cache, int from, int to, int[] tokens, boolean[][] vis) {
        boolean[] want = new boolean[to - from];
        Arrays.fill(want, true);
        AttentionMask mask = (row, slot) -> vis[from + row][slot];
        SequenceRows rows = new SequenceRows(cache, Arrays.copyOfRange(tokens, from, to),
                Arrays.copyOfRange(POSITIONS, from, to), mask, want);
        return Arrays.asList(model.forward(List.of(rows)).get(0));
    }

    @Test
    void gradientsReachEveryParameterAndAdamLowersTheLoss() {
        Qwen2Weights weights = Qwen2Weights.randomInit(config, manager, 3);
        weights.parameters().values().forEach(p -> p.setRequiresGradient(true));
        Qwen2Decoder decoder = new Qwen2Decoder(weights);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
        int batch = 2;
        int length = 16;
        // a repetitive sequence the model can learn quickly: predict the next token of a cycle
        int[] inputs = new int[batch * length];
        int[] targets = new int[batch * length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = 100 + i % 5;
            targets[i] = 100 + (i + 1) % 5;
        }
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        for (int step = 0; step < 15; step++) {
            try (NDScope scope = new NDScope(); GradientCollector collector = Engine.getEngine("PyTorch")
                    .newGradientCollector()) {
                NDArray tokens = manager.create(inputs, new Shape(batch, length));
                NDArray positions = manager.create(concat(range(length), range(length)), new Shape(batch, length));
                boolean[][] causal = Reference.causal(length);
                NDArray visibility = manager.create(flatten(causal, causal), new Shape(batch, length, length));
                NDArray logits = decoder.sequenceLogits(tokens, positions, visibility);
                NDArray target = manager.create(targets, new Shape(batch, length, 1)).toType(DataType.INT64, false);
                NDArray loss = logits.logSoftmax(-1).gather(target, 2).mean().neg();
                collector.backward(loss);
                lastLoss = loss.getFloat();
                if (step == 0) {
                    firstLoss = lastLoss;
                    for (Map.Entry<String, NDArray> p : weights.parameters().entrySet()) {
                        float gradientNorm = p.getValue().getGradient().abs().sum().getFloat();
                        assertTrue(gradientNorm > 0, "no gradient reached " + p.getKey());
                    }
                }
            }
            // outside the scope: Adam creates its moment arrays lazily and must keep them
            for (Map.Entry<String, NDArray> p : weights.parameters().entrySet()) {
                try (NDArray gradient = p.getValue().getGradient()) {
                    adam.update(p.getKey(), p.getValue(), gradient);
                }
            }
        }
        assertTrue(lastLoss < 0.5f * firstLoss, "loss " + firstLoss + " -> " + lastLoss);
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean[] flatten(boolean[][] first, boolean[][] second) {
        int n = first.length;
        boolean[] out = new boolean[2 * n * n];
        for (int b = 0; b < 2; b++) {
            boolean[][] m = b == 0 ? first : second;
            for (int r = 0; r < n; r++) {
                System.arraycopy(m[r], 0, out, (b * n + r) * n, n);
            }
        }
        return out;
    }
}
