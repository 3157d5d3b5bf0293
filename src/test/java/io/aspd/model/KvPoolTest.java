package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aspd.testkit.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared KV pool: tagged masks built natively, block accounting, exhaustion. */
class KvPoolTest {

    /** Same math, same order of operations: only the mask's construction differs. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    private static CausalLm model;
    private final Random random = new Random(11);

    @BeforeAll
    static void loadModel() {
        TestModels.tinyRandom(dir);
        model = CausalLm.load(dir, new ServingOptions(4096, false));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private int[] randomTokens(int n) {
        return random.ints(n, 0, model.config().vocabSize()).toArray();
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static boolean[] all(int n) {
        boolean[] flags = new boolean[n];
        Arrays.fill(flags, true);
        return flags;
    }

    /**
     * ASPD steps on two sequences, batched with a third plain one: once with tagged masks (built natively from the
     * slots' tags), once with the same rule asked slot by slot. Ragged row counts exercise the padding. The logits
     * agree, step after step.
     */
    @Test
    void taggedMasksGiveTheLogitsOfTheSameVisibilityAskedSlotBySlot() {
        int[] prompt = randomTokens(21);
        int[] other = randomTokens(9);
        try (KvCache tagged = model.newCache(8); KvCache asked = model.newCache(8);
                KvCache plainA = model.newCache(8); KvCache plainB = model.newCache(8)) {
            model.forward(List.of(SequenceRows.causal(tagged, prompt, 0), SequenceRows.causal(plainA, other, 0)));
            model.forward(List.of(SequenceRows.causal(asked, prompt, 0), SequenceRows.causal(plainB, other, 0)));
            int[] slotGroup = new int[64];
            Arrays.fill(slotGroup, -1);
            int blockStart = prompt.length;
            // step 1: three branch heads at one position; step 2 and 3: one more token each; then a shared row
            int[][] groupsPerStep = {{7, 8, 9}, {7, 8, 9}, {7, 9, 8}, {-1}};
            int position = prompt.length;
            for (int[] groups : groupsPerStep) {
                int n = groups.length;
                int cached = tagged.length();
                int[] tokens = randomTokens(n);
                int[] positions = new int[n];
                Arrays.fill(positions, position);
                int[] seesAllBefore = new int[n];
                for (int r = 0; r < n; r++) {
                    seesAllBefore[r] = groups[r] == -1 ? cached + r + 1 : blockStart;
                    slotGroup[cached + r] = groups[r];
                }
                int[] known = slotGroup.clone();
                AttentionMask rule = (row, slot) -> slot <= cached + row
                        && (slot < seesAllBefore[row] || known[slot] == groups[row]);
                int[] next = randomTokens(1);
                List<float[][]> viaTags = model.forward(List.of(
                        new SequenceRows(tagged, tokens, positions, AttentionMask.tagged(tagged, groups, seesAllBefore),
                                all(n)),
                        SequenceRows.causal(plainA, next, plainA.length())));
                List<float[][]> viaRule = model.forward(List.of(
                        new SequenceRows(asked, tokens, positions, rule, all(n)),
                        SequenceRows.causal(plainB, next, plainB.length())));
                assertClose(viaRule.get(0), viaTags.get(0), TOLERANCE, "branch rows " + Arrays.toString(groups));
                assertClose(viaRule.get(1), viaTags.get(1), TOLERANCE, "the plain sequence beside them");
                position++;
            }
        }
    }

    @Test
    void aTaggedMaskSeesExactlyItsRule() {
        try (KvCache cache = model.newCache(8)) {
            model.forward(List.of(SequenceRows.causal(cache, randomTokens(4), 0)));
            // rows 0, 1: branch 5 and 6 starting at slot 3; row 2: shared
            AttentionMask mask = AttentionMask.tagged(cache, new int[] {5, 6, -1}, new int[] {3, 3, 7});
            assertEquals(List.of(true, true, true, false, true, false, false), visibleSlots(mask, 0, 7));
            assertEquals(List.of(true, true, true, false, false, true, false), visibleSlots(mask, 1, 7));
            assertEquals(List.of(true, true, true, true, true, true, true), visibleSlots(mask, 2, 7));
        }
    }

    private static List<Boolean> visibleSlots(AttentionMask mask, int row, int slots) {
        return java.util.stream.IntStream.range(0, slots).mapToObj(slot -> mask.visible(row, slot)).toList();
    }

    @Test
    void aTaggedMaskForAnotherLengthIsRejected() {
        try (KvCache cache = model.newCache(8)) {
            AttentionMask stale = AttentionMask.tagged(cache, new int[] {1}, new int[] {0});
            model.forward(List.of(SequenceRows.causal(cache, randomTokens(2), 0)));
            SequenceRows rows = new SequenceRows(cache, randomTokens(1), new int[] {2}, stale, all(1));
            assertThrows(IllegalArgumentException.class, () -> model.forward(List.of(rows)));
            assertEquals(2, cache.length());
        }
    }

    @Test
    void usageCountsUsedAndReservedSlotsAndClosingGivesThemBack() {
        KvCacheUsage before = model.kvCacheUsage();
        assertEquals(4096, before.totalSlots());
        try (KvCache cache = model.newCache(20)) {
            model.forward(List.of(SequenceRows.causal(cache, randomTokens(5), 0)));
            KvCacheUsage during = model.kvCacheUsage();
            assertEquals(before.usedSlots() + 5, during.usedSlots());
            assertEquals(before.reservedSlots() + 2 * KvPool.BLOCK_SIZE, during.reservedSlots(), "20 slots: 2 blocks");
            cache.truncate(2);
            assertEquals(before.usedSlots() + 2, model.kvCacheUsage().usedSlots());
        }
        assertEquals(before, model.kvCacheUsage());
    }

    @Test
    void aFullPoolRefusesNewCachesAndGrowthUntilBlocksAreReturned() {
        try (CausalLm small = CausalLm.load(dir, new ServingOptions(4 * KvPool.BLOCK_SIZE, false))) {
            KvCache first = small.newCache(3 * KvPool.BLOCK_SIZE);
            assertThrows(KvPoolExhaustedException.class, () -> small.newCache(2 * KvPool.BLOCK_SIZE));
            try (KvCache second = small.newCache(KvPool.BLOCK_SIZE)) {
                small.forward(List.of(SequenceRows.causal(second, randomTokens(KvPool.BLOCK_SIZE), 0)));
                SequenceRows tooMany = SequenceRows.causal(second, randomTokens(1), KvPool.BLOCK_SIZE);
                assertThrows(KvPoolExhaustedException.class, () -> small.forward(List.of(tooMany)));
                assertEquals(KvPool.BLOCK_SIZE, second.length(), "a refused forward leaves the cache as it was");
                first.close();
                float[][] logits = small.forward(List.of(tooMany)).get(0);
                assertEquals(1, logits.length);
                assertEquals(KvPool.BLOCK_SIZE + 1, second.length());
            }
            assertEquals(0, small.kvCacheUsage().reservedSlots());
        }
    }

    /** Blocks a closed cache gave back hold its old keys; a new cache on them computes as on fresh ones. */
    @Test
    void reusedBlocksComputeLikeFreshOnes() {
        int[] tokens = randomTokens(40);
        float[][] fresh;
        try (KvCache cache = model.newCache(40)) {
            fresh = model.forward(List.of(new SequenceRows(cache, tokens, range(0, 40), AttentionMask.causal(0),
                    all(40)))).get(0);
        }
        try (KvCache reused = model.newCache(40)) {
            model.forward(List.of(SequenceRows.causal(reused, Arrays.copyOf(tokens, 30), 0)));
            for (int i = 30; i < 40; i++) {
                float[][] logits = model.forward(
                        List.of(SequenceRows.causal(reused, new int[] {tokens[i]}, i))).get(0);
                assertClose(fresh[i], logits[0], 1e-4, "step " + i);
            }
        }
    }
}
