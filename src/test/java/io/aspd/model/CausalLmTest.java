package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aspd.testkit.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving forward: against the reference model, incremental against full, ASPD-style masks, batching, caches. */
class CausalLmTest {

    /** Logits are of order 10 with the test weights; float32 round-off between layouts stays far below this. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    private static CausalLm model;
    private static Map<String, FloatTensor> weights;
    private static ModelConfig config;
    private final Random random = new Random(7);

    @BeforeAll
    static void loadModel() {
        TestModels.tinyRandom(dir);
        model = CausalLm.load(dir);
        config = model.config();
        TestModels.Spec spec = TestModels.Spec.defaults();
        weights = Qwen2Layout.randomTensors(spec.config(), spec.scheme(), spec.seed());
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private int[] randomTokens(int n) {
        return random.ints(n, 0, config.vocabSize()).toArray();
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static boolean[] all(int n) {
        boolean[] flags = new boolean[n];
        Arrays.fill(flags, true);
        return flags;
    }

    /** One forward of a whole causal sequence on a fresh cache, logits for every row. */
    private static float[][] fullForward(int[] tokens) {
        try (KvCache cache = model.newCache(tokens.length)) {
            return model.forward(List.of(new SequenceRows(
                    cache, tokens, range(0, tokens.length), AttentionMask.causal(0), all(tokens.length)))).get(0);
        }
    }

    private static float[][] step(KvCache cache, int[] tokens, int[] positions, AttentionMask mask) {
        return model.forward(List.of(new SequenceRows(cache, tokens, positions, mask, all(tokens.length)))).get(0);
    }

    @Test
    void forwardMatchesThePlainJavaReferenceModel() {
        int[] tokens = randomTokens(12);
        float[] expected = Reference.logits(config, weights, tokens, range(0, 12), Reference.causal(12));
        float[][] actual = fullForward(tokens);
        for (int row = 0; row < tokens.length; row++) {
            assertClose(Numerics.rows(expected, config.vocabSize(), row, row + 1), actual[row], TOLERANCE,
                    "row " + row);
        }
    }

    @Test
    void prefillThenSingleStepsEqualsOneFullForward() {
        int[] tokens = randomTokens(14);
        float[][] full = fullForward(tokens);
        try (KvCache cache = model.newCache(4)) {
            float[][] prefill = step(cache, Arrays.copyOf(tokens, 5), range(0, 5), AttentionMask.causal(0));
            assertClose(Arrays.copyOf(full, 5), prefill, TOLERANCE, "prefill");
            for (int i = 5; i < tokens.length; i++) {
                float[][] logits = step(cache, new int[] {tokens[i]}, new int[] {i}, AttentionMask.causal(i));
                assertClose(full[i], logits[0], TOLERANCE, "step " + i);
            }
            assertEquals(tokens.length, cache.length());
        }
    }

    @Test
    void prefillThenSeveralRowsAtOnceEqualsOneFullForward() {
        int[] tokens = randomTokens(13);
        float[][] full = fullForward(tokens);
        try (KvCache cache = model.newCache(16)) {
            step(cache, Arrays.copyOf(tokens, 6), range(0, 6), AttentionMask.causal(0));
            float[][] chunk = step(cache, Arrays.copyOfRange(tokens, 6, 10), range(6, 10), AttentionMask.causal(6));
            assertClose(Arrays.copyOfRange(full, 6, 10), chunk, TOLERANCE, "4 rows");
            float[][] rest = step(cache, Arrays.copyOfRange(tokens, 10, 13), range(10, 13), AttentionMask.causal(10));
            assertClose(Arrays.copyOfRange(full, 10, 13), rest, TOLERANCE, "3 rows");
        }
    }

    /**
     * Two ASPD branches decoded in one forward: rows that share positions and cannot see each other must give the
     * logits of two separate sequences made of the prefix and one branch each, also in the following parallel step.
     */
    @Test
    void branchesWithSharedPositionsAndDisjointVisibilityEqualSeparateSequences() {
        int[] prefix = randomTokens(6);
        int[] branchA = randomTokens(4);
        int[] branchB = randomTokens(3);
        float[][] aloneA = fullForward(concat(prefix, branchA));
        float[][] aloneB = fullForward(concat(prefix, branchB));
        try (KvCache cache = model.newCache(8)) {
            step(cache, prefix, range(0, 6), AttentionMask.causal(0));
            // step 1: A's first three tokens and B's first two, all starting at position 6; slots A 6..8, B 9..10
            int[] rows = {branchA[0], branchA[1], branchA[2], branchB[0], branchB[1]};
            int[] positions = {6, 7, 8, 6, 7};
            int[] branchOfRow = {0, 0, 0, 1, 1};
            AttentionMask heads = (row, slot) -> slot < 6
                    || slot - 6 <= row && branchOfRow[slot - 6] == branchOfRow[row];
            float[][] first = step(cache, rows, positions, heads);
            assertClose(Arrays.copyOfRange(aloneA, 6, 9), Arrays.copyOfRange(first, 0, 3), TOLERANCE, "A heads");
            assertClose(Arrays.copyOfRange(aloneB, 6, 8), Arrays.copyOfRange(first, 3, 5), TOLERANCE, "B heads");

            // step 2: one more token per branch (A at position 9, B at 8); new rows are slots 11 and 12
            int[] slotBranch = {0, 0, 0, 1, 1, 0, 1};
            AttentionMask parallelStep = (row, slot) -> slot < 6 || slotBranch[slot - 6] == row && slot - 6 <= 5 + row;
            float[][] second = step(cache, new int[] {branchA[3], branchB[2]}, new int[] {9, 8}, parallelStep);
            assertClose(aloneA[9], second[0], TOLERANCE, "A step");
            assertClose(aloneB[8], second[1], TOLERANCE, "B step");
        }
    }

    @Test
    void aBranchThatCanSeeItsSiblingGivesDifferentLogits() {
        int[] prefix = randomTokens(5);
        int[] rows = randomTokens(2);
        float[][] alone = fullForward(concat(prefix, new int[] {rows[1]}));
        try (KvCache cache = model.newCache(8)) {
            step(cache, prefix, range(0, 5), AttentionMask.causal(0));
            // row 1 at position 5 wrongly sees row 0 (its sibling): the control case of the test above
            float[][] leaky = step(cache, rows, new int[] {5, 5}, AttentionMask.causal(5));
            assertTrue(Numerics.maxAbsDiff(alone[5], leaky[1]) > 1e-2, "seeing a sibling must change the logits");
        }
    }

    /**
     * Sequences of 7, 1, 3 and 4 new rows: attention runs in row groups (1, 3-4 and 7 rows), the 3-row sequence padded
     * to 4 in its group with a mask asked slot by slot; every sequence must still get exactly its own logits.
     */
    @Test
    void batchOfSequencesEqualsEachSequenceRunAlone() {
        int[] historyB = randomTokens(3);
        int[] historyC = randomTokens(9);
        int[] historyD = randomTokens(5);
        int[] newA = randomTokens(7);
        int[] newB = randomTokens(1);
        int[] newC = randomTokens(3);
        int[] newD = randomTokens(4);
        AttentionMask maskC = (row, slot) -> slot < 9 || slot == 9 + row; // three siblings at one position
        int[] positionsC = {9, 9, 9};

        List<float[][]> alone = new ArrayList<>();
        try (KvCache a = model.newCache(8); KvCache b = model.newCache(8); KvCache c = model.newCache(16);
             KvCache d = model.newCache(16)) {
            alone.add(step(a, newA, range(0, 7), AttentionMask.causal(0)));
            step(b, historyB, range(0, 3), AttentionMask.causal(0));
            alone.add(step(b, newB, new int[] {3}, AttentionMask.causal(3)));
            step(c, historyC, range(0, 9), AttentionMask.causal(0));
            alone.add(step(c, newC, positionsC, maskC));
            step(d, historyD, range(0, 5), AttentionMask.causal(0));
            alone.add(step(d, newD, range(5, 9), AttentionMask.causal(5)));
        }
        try (KvCache a = model.newCache(8); KvCache b = model.newCache(8); KvCache c = model.newCache(16);
             KvCache d = model.newCache(16)) {
            step(b, historyB, range(0, 3), AttentionMask.causal(0));
            step(c, historyC, range(0, 9), AttentionMask.causal(0));
            step(d, historyD, range(0, 5), AttentionMask.causal(0));
            List<float[][]> batched = model.forward(List.of(
                    new SequenceRows(a, newA, range(0, 7), AttentionMask.causal(0), all(7)),
                    new SequenceRows(b, newB, new int[] {3}, AttentionMask.causal(3), all(1)),
                    new SequenceRows(c, newC, positionsC, maskC, all(3)),
                    new SequenceRows(d, newD, range(5, 9), AttentionMask.causal(5), all(4))));
            for (int s = 0; s < 4; s++) {
                assertClose(alone.get(s), batched.get(s), TOLERANCE, "sequence " + s);
            }
            assertEquals(List.of(7, 4, 12, 9), List.of(a.length(), b.length(), c.length(), d.length()));
        }
    }

    @Test
    void logitsAreReturnedOnlyForTheRowsThatWantThem() {
        int[] tokens = randomTokens(6);
        float[][] full = fullForward(tokens);
        try (KvCache cache = model.newCache(8); KvCache other = model.newCache(8)) {
            boolean[] want = {false, true, false, false, true, false};
            List<float[][]> result = model.forward(List.of(
                    new SequenceRows(cache, tokens, range(0, 6), AttentionMask.causal(0), want),
                    new SequenceRows(other, tokens, range(0, 6), AttentionMask.causal(0), new boolean[6])));
            assertClose(new float[][] {full[1], full[4]}, result.get(0), TOLERANCE, "selected rows");
            assertEquals(0, result.get(1).length);
            assertEquals(6, other.length(), "rows without logits still fill the cache");
        }
    }

    @Test
    void growingTheCachePreservesItsContents() {
        int[] tokens = randomTokens(40);
        float[][] full = fullForward(tokens);
        try (KvCache cache = model.newCache(1)) {
            step(cache, Arrays.copyOf(tokens, 3), range(0, 3), AttentionMask.causal(0));
            assertEquals(3, cache.capacity(), "grows to what one forward needs");
            List<Integer> capacities = new ArrayList<>(List.of(cache.capacity()));
            for (int i = 3; i < tokens.length; i++) {
                float[][] logits = step(cache, new int[] {tokens[i]}, new int[] {i}, AttentionMask.causal(i));
                assertClose(full[i], logits[0], TOLERANCE, "step " + i);
                if (capacities.get(capacities.size() - 1) != cache.capacity()) {
                    capacities.add(cache.capacity());
                }
            }
            assertEquals(List.of(3, 6, 12, 24, 48), capacities, "capacity doubles");
        }
    }

    @Test
    void truncatingTheCacheReplaysTheSameLogits() {
        int[] tokens = randomTokens(9);
        int[] other = randomTokens(3);
        float[][] full = fullForward(tokens);
        try (KvCache cache = model.newCache(16)) {
            step(cache, Arrays.copyOf(tokens, 6), range(0, 6), AttentionMask.causal(0));
            step(cache, other, range(6, 9), AttentionMask.causal(6)); // a different continuation, then rolled back
            cache.truncate(6);
            float[][] rest = step(cache, Arrays.copyOfRange(tokens, 6, 9), range(6, 9), AttentionMask.causal(6));
            assertClose(Arrays.copyOfRange(full, 6, 9), rest, TOLERANCE, "after truncate");
            assertThrows(IllegalArgumentException.class, () -> cache.truncate(10));
        }
    }

    @Test
    void invalidRowsAreRejectedAndLeaveTheCacheUnchanged() {
        try (KvCache cache = model.newCache(4); KvCache second = model.newCache(4)) {
            step(cache, randomTokens(2), range(0, 2), AttentionMask.causal(0));
            assertThrows(IllegalArgumentException.class,
                    () -> step(cache, new int[] {config.vocabSize()}, new int[] {2}, AttentionMask.causal(2)));
            assertThrows(IllegalArgumentException.class,
                    () -> step(cache, new int[] {1}, new int[] {config.maxPositionEmbeddings()},
                            AttentionMask.causal(2)));
            IllegalArgumentException blind = assertThrows(IllegalArgumentException.class,
                    () -> step(cache, new int[] {1, 2}, new int[] {2, 3}, (row, slot) -> row == 0));
            assertTrue(blind.getMessage().contains("row 1"), blind.getMessage());
            SequenceRows once = SequenceRows.causal(cache, new int[] {1}, 2);
            assertThrows(IllegalArgumentException.class, () -> model.forward(List.of(once, once)));
            assertThrows(IllegalArgumentException.class, () -> model.forward(List.of()));
            assertEquals(2, cache.length(), "failed forwards must not advance the cache");
            second.close();
            assertThrows(IllegalStateException.class,
                    () -> step(second, new int[] {1}, new int[] {0}, AttentionMask.causal(0)));
        }
    }

    @Test
    void aCacheOfAnotherModelIsRejected(@TempDir Path otherDir) {
        try (CausalLm other = CausalLm.load(TestModels.tinyRandom(otherDir));
                KvCache foreign = other.newCache(4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> step(foreign, new int[] {1}, new int[] {0}, AttentionMask.causal(0)));
            assertTrue(e.getMessage().contains("another model"), e.getMessage());
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
