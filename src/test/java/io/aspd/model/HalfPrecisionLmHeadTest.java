package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aspd.testkit.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float16 LM head against the float32 one. Float16 keeps 11 significant bits: the head's input, its weights and
 * its output are each rounded to a relative 2^-11 (about 5e-4). So the tolerance is four such units of the row's
 * largest logit (about 2e-2 for the logits of order 10 of the test weights; about two units are seen): an honest bound
 * for float16, far above float32 round-off.
 */
class HalfPrecisionLmHeadTest {

    private static final double FLOAT16_UNITS = 4 * 0x1p-11;

    @TempDir
    static Path dir;

    private static CausalLm fullPrecision;
    private static CausalLm halfHead;
    private final Random random = new Random(5);

    @BeforeAll
    static void loadModels() {
        TestModels.tinyRandom(dir);
        fullPrecision = CausalLm.load(dir);
        halfHead = CausalLm.load(dir, new ServingOptions(0, true));
    }

    @AfterAll
    static void closeModels() {
        fullPrecision.close();
        halfHead.close();
    }

    private float[][] logits(CausalLm model, int[] tokens, int wanted) {
        boolean[] want = new boolean[tokens.length];
        Arrays.fill(want, tokens.length - wanted, tokens.length, true);
        int[] positions = java.util.stream.IntStream.range(0, tokens.length).toArray();
        try (KvCache cache = model.newCache(tokens.length)) {
            return model.forward(List.of(new SequenceRows(cache, tokens, positions, AttentionMask.causal(0), want)))
                    .get(0);
        }
    }

    @Test
    void fewRowsUseTheHalfPrecisionHeadWithinFloat16Tolerance() {
        int[] tokens = random.ints(12, 0, halfHead.config().vocabSize()).toArray();
        for (int wanted = 1; wanted <= CausalLm.HALF_PRECISION_LM_HEAD_MAX_ROWS; wanted++) {
            float[][] expected = logits(fullPrecision, tokens, wanted);
            float[][] actual = logits(halfHead, tokens, wanted);
            for (int row = 0; row < wanted; row++) {
                double tolerance = FLOAT16_UNITS * maxAbs(expected[row]);
                assertClose(expected[row], actual[row], tolerance, wanted + " rows, row " + row);
                assertTrue(Numerics.maxAbsDiff(expected[row], actual[row]) > 0, "float16 really was used");
                // the token greedy decoding picks is, in float32, within the tolerance of the best one
                float best = expected[row][argmax(expected[row])];
                assertTrue(expected[row][argmax(actual[row])] >= best - 2 * tolerance, "greedy choice");
            }
        }
    }

    @Test
    void moreRowsUseTheFloat32Head() {
        int wanted = CausalLm.HALF_PRECISION_LM_HEAD_MAX_ROWS + 1;
        int[] tokens = random.ints(12, 0, halfHead.config().vocabSize()).toArray();
        float[][] expected = logits(fullPrecision, tokens, wanted);
        float[][] actual = logits(halfHead, tokens, wanted);
        assertEquals(wanted, actual.length);
        for (int row = 0; row < wanted; row++) {
            assertArrayEquals(expected[row], actual[row], "row " + row);
        }
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
