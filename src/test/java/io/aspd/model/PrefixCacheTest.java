package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aspd.testkit.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefix caching in the KV pool: a cache created for rows another cache computed starts with their full blocks,
 * shared, and computes from there the logits a miss computes; shared blocks are never overwritten or evicted while
 * held; cached blocks are evicted least recently released first; nothing leaks.
 */
class PrefixCacheTest {

    /** The tolerance of the incremental = full tests: a hit runs the same math on keys computed in another forward. */
    private static final double TOLERANCE = 1e-4;
    private static final int BLOCK = KvPool.BLOCK_SIZE;

    @TempDir
    static Path dir;

    /** Serves with prefix caching. */
    private static CausalLm model;
    /** The same weights without prefix caching: the reference every hit is compared with. */
    private static CausalLm plain;
    /** One generator for the class: every test gets prompts no other test cached. */
    private static final Random random = new Random(5);

    @BeforeAll
    static void loadModels() {
        TestModels.tinyRandom(dir);
        model = CausalLm.load(dir, new ServingOptions(4096, false, true));
        plain = CausalLm.load(dir, new ServingOptions(4096, false, false));
    }

    @AfterAll
    static void closeModels() {
        model.close();
        plain.close();
    }

    @AfterEach
    void everyCacheGaveItsBlocksBack() {
        KvCacheUsage usage = model.kvCacheUsage();
        assertEquals(0, usage.usedSlots(), "used slots");
        assertEquals(0, usage.reservedSlots(), "reserved slots: only cached blocks remain");
        assertEquals(0, plain.kvCacheUsage().cachedSlots(), "nothing is cached without prefix caching");
    }

    private static int[] randomTokens(int n) {
        return random.ints(n, 0, model.config().vocabSize()).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** The logits of every row of {@code tokens} from one causal forward on a fresh cache of the plain model. */
    private static float[][] miss(int[] tokens) {
        try (KvCache cache = plain.newCache(tokens.length)) {
            return feed(plain, cache, tokens);
        }
    }

    /** Feeds {@code tokens} from the cache's length on as causal rows, one forward; the logits of every row. */
    private static float[][] feed(CausalLm on, KvCache cache, int[] tokens) {
        int from = cache.length();
        int[] rows = Arrays.copyOfRange(tokens, from, tokens.length);
        boolean[] all = new boolean[rows.length];
        Arrays.fill(all, true);
        int[] positions = IntStream.range(from, tokens.length).toArray();
        return on.forward(List.of(new SequenceRows(cache, rows, positions, AttentionMask.causal(from), all))).get(0);
    }

    /** Feeds {@code tokens} from the cache's length on, one token per forward, checking each against {@code expected}. */
    private static void decodeAndCompare(CausalLm on, KvCache cache, int[] tokens, float[][] expected, String what) {
        for (int i = cache.length(); i < tokens.length; i++) {
            float[][] logits = on.forward(List.of(SequenceRows.causal(cache, new int[] {tokens[i]}, i))).get(0);
            assertClose(expected[i], logits[0], TOLERANCE, what + ", row " + i);
        }
    }

    @Test
    void aPromptSeenBeforeStartsWithItsFullBlocksAndComputesTheLogitsOfAMiss() {
        int[] prompt = randomTokens(50);
        int[] answer = randomTokens(20);
        float[][] expected = miss(concat(prompt, answer));
        long cachedBefore = model.kvCacheUsage().cachedSlots();
        try (KvCache first = model.newCache(80, PrefixRows.causal(prompt))) {
            assertEquals(0, first.length(), "nothing cached yet");
            float[][] logits = feed(model, first, prompt);
            assertClose(expected[49], logits[49], TOLERANCE, "the miss");
        }
        assertEquals(cachedBefore + 3 * BLOCK, model.kvCacheUsage().cachedSlots(),
                "the prompt's three full blocks stay cached");
        assertEquals(3 * BLOCK, model.cachedPrefixLength(PrefixRows.causal(prompt)), "peeking");
        try (KvCache second = model.newCache(80, PrefixRows.causal(prompt))) {
            assertEquals(3 * BLOCK, second.length(), "the hit");
            assertEquals(cachedBefore, model.kvCacheUsage().cachedSlots(), "held blocks are not cached-free");
            float[][] rest = feed(model, second, prompt);
            assertClose(expected[48], rest[0], TOLERANCE, "row 48");
            assertClose(expected[49], rest[1], TOLERANCE, "row 49");
            decodeAndCompare(model, second, concat(prompt, answer), expected, "decoding after a hit");
        }
    }

    @Test
    void theLastRowOfAPromptIsAlwaysComputedEvenWhenItEndsABlock() {
        int[] prompt = randomTokens(2 * BLOCK);
        try (KvCache first = model.newCache(2 * BLOCK, PrefixRows.causal(prompt))) {
            feed(model, first, prompt);
        }
        try (KvCache second = model.newCache(2 * BLOCK, PrefixRows.causal(prompt))) {
            assertEquals(BLOCK, second.length(), "the second block holds the last row, whose logits are wanted");
            float[][] rest = feed(model, second, prompt);
            assertClose(miss(prompt)[2 * BLOCK - 1], rest[BLOCK - 1], TOLERANCE, "the last row");
        }
    }

    @Test
    void aSharedSystemPromptIsReusedUpToItsLastFullBlockWhateverTheQuestion() {
        int[] system = randomTokens(40);
        int[] first = concat(system, randomTokens(7));
        int[] second = concat(system, randomTokens(9));
        try (KvCache cache = model.newCache(first.length, PrefixRows.causal(first))) {
            feed(model, cache, first);
        }
        try (KvCache cache = model.newCache(second.length, PrefixRows.causal(second))) {
            assertEquals(2 * BLOCK, cache.length(), "the third block mixes the system prompt with the first question");
            float[][] rest = feed(model, cache, second);
            float[][] expected = miss(second);
            for (int row = cache.length() - rest.length; row < second.length; row++) {
                assertClose(expected[row], rest[row - 2 * BLOCK], TOLERANCE, "row " + row);
            }
        }
    }

    @Test
    void onlyRowsThatFormACausalPrefixWithTheirTagAreFound() {
        int[] tokens = randomTokens(40);
        boolean[] all = new boolean[40];
        Arrays.fill(all, true);
        try (KvCache shifted = model.newCache(40)) {
            int[] positions = IntStream.range(3, 43).toArray();
            model.forward(List.of(new SequenceRows(shifted, tokens, positions, AttentionMask.causal(0), all)));
        }
        assertEquals(0, model.cachedPrefixLength(PrefixRows.causal(tokens)), "rows at other positions");
        try (KvCache dense = model.newCache(40)) {
            AttentionMask causalAskedSlotBySlot = (row, slot) -> slot <= row;
            model.forward(List.of(new SequenceRows(dense, tokens, IntStream.range(0, 40).toArray(),
                    causalAskedSlotBySlot, all)));
        }
        assertEquals(0, model.cachedPrefixLength(PrefixRows.causal(tokens)), "a mask the pool cannot read");
        try (KvCache causal = model.newCache(40)) {
            feed(model, causal, tokens);
        }
        assertEquals(2 * BLOCK, model.cachedPrefixLength(PrefixRows.causal(tokens)));
        assertEquals(0, model.cachedPrefixLength(PrefixRows.tagged(tokens, -1)), "the tag is part of the key");
        try (KvCache tagged = model.newCache(40)) {
            int[] tags = new int[40];
            Arrays.fill(tags, -1);
            int[] seesAllBefore = IntStream.range(1, 41).toArray();
            model.forward(List.of(new SequenceRows(tagged, tokens, IntStream.range(0, 40).toArray(),
                    AttentionMask.tagged(tagged, tags, seesAllBefore), all)));
        }
        assertEquals(2 * BLOCK, model.cachedPrefixLength(PrefixRows.tagged(tokens, -1)), "shared ASPD rows");
    }

    @Test
    void aSharedBlockIsNeitherOverwrittenNorEvictedWhileACacheHoldsIt() {
        try (CausalLm small = CausalLm.load(dir, new ServingOptions(8 * BLOCK, false, true))) {
            int[] prompt = randomTokens(40);
            int[] answer = randomTokens(8);
            float[][] expected = miss(concat(prompt, answer));
            KvCache first = small.newCache(48, PrefixRows.causal(prompt));
            feed(small, first, prompt);
            KvCache second = small.newCache(48, PrefixRows.causal(prompt));
            assertEquals(2 * BLOCK, second.length());
            first.close(); // its two full blocks stay held by the second cache
            try (KvCache filler = small.newCache(5 * BLOCK)) {
                assertThrows(KvPoolExhaustedException.class, () -> small.newCache(1), "held blocks are not taken");
                feed(small, filler, randomTokens(5 * BLOCK)); // writes every slot the pool could give
                decodeAndCompare(small, second, concat(prompt, answer), expected, "the shared prefix intact");
            }
            second.close();
            KvCacheUsage usage = small.kvCacheUsage();
            assertEquals(0, usage.reservedSlots());
            assertEquals(0, usage.usedSlots());
            try (KvCache everything = small.newCache(8 * BLOCK)) {
                assertEquals(8 * BLOCK, everything.capacity(), "cached blocks are evicted for a new cache");
                assertEquals(0, small.kvCacheUsage().cachedSlots());
            }
            assertEquals(0, small.cachedPrefixLength(PrefixRows.causal(prompt)), "an evicted prefix is gone");
        }
    }

    @Test
    void cachedBlocksAreEvictedLeastRecentlyReleasedFirstAndAPrefixLosesItsTailFirst() {
        try (CausalLm small = CausalLm.load(dir, new ServingOptions(8 * BLOCK, false, true))) {
            int[] older = randomTokens(2 * BLOCK + 1);
            int[] newer = randomTokens(2 * BLOCK + 1);
            for (int[] prompt : List.of(older, newer)) {
                try (KvCache cache = small.newCache(prompt.length, PrefixRows.causal(prompt))) {
                    feed(small, cache, prompt);
                }
            }
            assertEquals(4 * BLOCK, small.kvCacheUsage().cachedSlots());
            try (KvCache taking5 = small.newCache(5 * BLOCK)) {
                assertEquals(BLOCK, small.cachedPrefixLength(PrefixRows.causal(older)), "the older prefix's tail");
                assertEquals(2 * BLOCK, small.cachedPrefixLength(PrefixRows.causal(newer)));
                try (KvCache taking1 = small.newCache(1)) {
                    assertEquals(0, small.cachedPrefixLength(PrefixRows.causal(older)), "then its head");
                    assertEquals(2 * BLOCK, small.cachedPrefixLength(PrefixRows.causal(newer)));
                }
            }
        }
    }

    @Test
    void truncatingIntoASharedBlockCopiesItAndLeavesTheOtherCacheIntact() {
        int[] prompt = randomTokens(40);
        int[] answer = randomTokens(10);
        int[] other = concat(Arrays.copyOf(prompt, 20), randomTokens(25));
        float[][] expected = miss(concat(prompt, answer));
        float[][] expectedOther = miss(other);
        try (KvCache first = model.newCache(64, PrefixRows.causal(prompt))) {
            feed(model, first, prompt);
            try (KvCache second = model.newCache(64, PrefixRows.causal(prompt))) {
                assertEquals(2 * BLOCK, second.length());
                second.truncate(20); // into the second shared block
                decodeAndCompare(model, second, other, expectedOther, "the truncated cache on its copy");
            }
            decodeAndCompare(model, first, concat(prompt, answer), expected, "the cache it shared with");
        }
        assertEquals(2 * BLOCK, model.cachedPrefixLength(PrefixRows.causal(prompt)), "the prefix is still cached");
        assertEquals(2 * BLOCK, model.cachedPrefixLength(PrefixRows.causal(other)), "so is the copy's");
    }

    @Test
    void truncatingItsOwnCachedBlockTakesItOutOfTheIndexBeforeItIsRewritten() {
        int[] prompt = randomTokens(40);
        int[] rewritten = concat(Arrays.copyOf(prompt, 20), randomTokens(20));
        try (KvCache cache = model.newCache(40, PrefixRows.causal(prompt))) {
            feed(model, cache, prompt);
            cache.truncate(20);
            assertEquals(BLOCK, model.cachedPrefixLength(PrefixRows.causal(prompt)), "the cut block left the index");
            feed(model, cache, rewritten);
        }
        assertEquals(BLOCK, model.cachedPrefixLength(PrefixRows.causal(prompt)));
        assertEquals(2 * BLOCK, model.cachedPrefixLength(PrefixRows.causal(rewritten)), "what the block holds now");
        try (KvCache hit = model.newCache(40, PrefixRows.causal(rewritten))) {
            float[][] rest = feed(model, hit, rewritten);
            assertClose(miss(rewritten)[39], rest[rest.length - 1], TOLERANCE, "the rewritten block's keys");
        }
    }

    @Test
    void copyingSharedBlocksLeavesNoNativeArraysBehind() {
        int[] prompt = randomTokens(40);
        try (KvCache first = model.newCache(64, PrefixRows.causal(prompt))) {
            feed(model, first, prompt);
            int before = model.nativeArrayCount();
            for (int i = 0; i < 20; i++) {
                try (KvCache second = model.newCache(64, PrefixRows.causal(prompt))) {
                    second.truncate(20);
                    feed(model, second, concat(Arrays.copyOf(prompt, 20), randomTokens(3)));
                }
            }
            assertEquals(before, model.nativeArrayCount());
        }
    }

    @Test
    void withoutPrefixCachingNothingIsFoundOrKept() {
        int[] prompt = randomTokens(40);
        try (KvCache cache = plain.newCache(40, PrefixRows.causal(prompt))) {
            feed(plain, cache, prompt);
        }
        try (KvCache again = plain.newCache(40, PrefixRows.causal(prompt))) {
            assertEquals(0, again.length());
        }
        assertEquals(0, plain.cachedPrefixLength(PrefixRows.causal(prompt)));
    }
}
