package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static io.aspd.model.Numerics.gaussian;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation of the block against the plain-Java reference on random inputs. */
class TransformerOpsTest {

    private final Random random = new Random(42);
    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private NDArray array(float[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    @Test
    void rmsNormMatchesReference() {
        float[] x = gaussian(random, 5 * 24);
        for (int i = 0; i < 24; i++) {
            x[i] *= 30; // one row of large values: the normalisation must remove the scale
        }
        float[] weight = gaussian(random, 24);
        float[] actual = TransformerOps.rmsNorm(array(x, 5, 24), array(weight, 24), 1e-6f).toFloatArray();
        assertClose(Reference.rmsNorm(x, 24, weight, 1e-6), actual, 1e-5, "rmsNorm");
    }

    @Test
    void linearWithAndWithoutBiasMatchesReference() {
        float[] x = gaussian(random, 3 * 10);
        float[] w = gaussian(random, 7 * 10);
        float[] b = gaussian(random, 7);
        assertClose(Reference.linear(x, 10, w, 7, b),
                TransformerOps.linear(array(x, 3, 10), array(w, 7, 10), array(b, 7)).toFloatArray(), 1e-5, "linear+b");
        assertClose(Reference.linear(x, 10, w, 7, null),
                TransformerOps.linear(array(x, 3, 10), array(w, 7, 10), null).toFloatArray(), 1e-5, "linear");
    }

    @Test
    void ropeAtArbitraryRepeatedAndLargePositionsMatchesReference() {
        int heads = 3;
        int headDim = 8;
        int[] positions = {0, 7, 7, 1000, 31_999, 3};
        float[] x = gaussian(random, positions.length * heads * headDim);
        RotaryEmbedding rope = new RotaryEmbedding(headDim, 1_000_000.0);
        float[] actual = RotaryEmbedding.apply(array(x, positions.length, heads, headDim),
                rope.angles(positions, manager)).toFloatArray();
        assertClose(Reference.rope(x, heads, headDim, positions, 1_000_000.0), actual, 1e-5, "rope");
        // position 0 is the identity, and the rotation preserves each pair's norm
        assertClose(Numerics.rows(x, heads * headDim, 0, 1), Numerics.rows(actual, heads * headDim, 0, 1), 1e-7,
                "rope at 0");
    }

    @Test
    void maskedGroupedQueryAttentionMatchesReference() {
        int rows = 5;
        int slots = 9;
        int heads = 6;
        int kvHeads = 2;
        int hd = 8;
        float[] q = gaussian(random, rows * heads * hd);
        float[] k = gaussian(random, slots * kvHeads * hd);
        float[] v = gaussian(random, slots * kvHeads * hd);
        boolean[][] visible = randomVisibility(rows, slots);
        float[] actual = attention(q, k, v, visible, heads, kvHeads, hd);
        float[] expected = Reference.attention(q, k, v, visible, heads, kvHeads, hd);
        assertClose(expected, actual, 1e-5, "attention");

        boolean[][] other = randomVisibility(rows, slots);
        if (!java.util.Arrays.deepEquals(other, visible)) {
            assertTrue(Numerics.maxAbsDiff(expected, attention(q, k, v, other, heads, kvHeads, hd)) > 1e-3,
                    "a different mask must change the result");
        }
    }

    @Test
    void attentionOverABatchTreatsEachSequenceIndependently() {
        int rows = 4;
        int heads = 4;
        int kvHeads = 1;
        int hd = 4;
        float[][] q = {gaussian(random, rows * heads * hd), gaussian(random, rows * heads * hd)};
        float[][] k = {gaussian(random, rows * kvHeads * hd), gaussian(random, rows * kvHeads * hd)};
        float[][] v = {gaussian(random, rows * kvHeads * hd), gaussian(random, rows * kvHeads * hd)};
        boolean[][][] visible = {Reference.causal(rows), randomVisibility(rows, rows)};
        float[] mask = new float[2 * rows * rows];
        for (int b = 0; b < 2; b++) {
            for (int r = 0; r < rows; r++) {
                for (int s = 0; s < rows; s++) {
                    mask[(b * rows + r) * rows + s] = visible[b][r][s] ? 0 : TransformerOps.MASKED;
                }
            }
        }
        NDArray out = TransformerOps.groupedQueryAttention(
                manager.create(concat(q[0], q[1]), new Shape(2, rows, heads, hd)),
                manager.create(concat(k[0], k[1]), new Shape(2, rows, kvHeads, hd)).transpose(0, 2, 1, 3),
                manager.create(concat(v[0], v[1]), new Shape(2, rows, kvHeads, hd)).transpose(0, 2, 1, 3),
                manager.create(mask, new Shape(2, rows, rows)));
        float[] actual = out.toFloatArray();
        int width = rows * heads * hd;
        for (int b = 0; b < 2; b++) {
            float[] expected = Reference.attention(q[b], k[b], v[b], visible[b], heads, kvHeads, hd);
            assertClose(expected, Numerics.rows(actual, width, b, b + 1), 1e-5, "sequence " + b);
        }
    }

    @Test
    void gatedMlpMatchesReference() {
        float[] x = gaussian(random, 3 * 16);
        float[] gate = gaussian(random, 40 * 16);
        float[] up = gaussian(random, 40 * 16);
        float[] down = gaussian(random, 16 * 40);
        float[] actual = TransformerOps.gatedMlp(
                array(x, 3, 16), array(gate, 40, 16), array(up, 40, 16), array(down, 16, 40)).toFloatArray();
        assertClose(Reference.mlp(x, 16, gate, up, down, 40), actual, 1e-3, "mlp"); // outputs are of order 30
    }

    @Test
    void booleanVisibilityBecomesZeroOrMasked() {
        NDArray visibility = manager.create(new boolean[] {true, false, false, true}, new Shape(2, 2));
        assertClose(new float[] {0f, TransformerOps.MASKED, TransformerOps.MASKED, 0f},
                TransformerOps.additiveMask(visibility).toFloatArray(), 0, "additive mask");
    }

    private float[] attention(float[] q, float[] k, float[] v, boolean[][] visible, int heads, int kvHeads, int hd) {
        int rows = visible.length;
        int slots = visible[0].length;
        float[] mask = new float[rows * slots];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < slots; s++) {
                mask[r * slots + s] = visible[r][s] ? 0 : TransformerOps.MASKED;
            }
        }
        return TransformerOps.groupedQueryAttention(
                        array(q, 1, rows, heads, hd),
                        array(k, 1, slots, kvHeads, hd).transpose(0, 2, 1, 3),
                        array(v, 1, slots, kvHeads, hd).transpose(0, 2, 1, 3),
                        array(mask, 1, rows, slots))
                .toFloatArray();
    }

    /** Random visibility where every row sees at least one slot. */
    private boolean[][] randomVisibility(int rows, int slots) {
        boolean[][] visible = new boolean[rows][slots];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < slots; s++) {
                visible[r][s] = random.nextBoolean();
            }
            visible[r][random.nextInt(slots)] = true;
        }
        return visible;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
