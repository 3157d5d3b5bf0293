package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.model.CausalLm;
import io.aspd.model.PrefixRows;
import io.aspd.model.ServingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine with prefix caching: a generation starts with what is cached of its prompt and prefills only the rest,
 * and writes exactly what it writes alone on a fresh cache (repeated prompts, a shared system prompt with different
 * questions, the n choices of one request, answers with parallel branches).
 */
class PrefixCachingEngineTest extends SharedEngineTestBed {
    /** Prompt rows one forward prefills: the uncached rest of a long prompt takes several steps. */
    private static final int CHUNK = 16;


    /** A lookup the engine reported. */
    record Lookup(int promptTokens, int cachedTokens) {
    }

    /** Records the engine's prefix cache lookups and the rows of each of its forwards. */
    static final class LookupRecorder implements EngineObserver {
        final List<Lookup> lookups = new CopyOnWriteArrayList<>();
        final List<Integer> stepRows = new CopyOnWriteArrayList<>();

        @Override
        public void onPrefixCacheLookup(int promptTokens, int cachedTokens) {
            lookups.add(new Lookup(promptTokens, cachedTokens));
        }

        @Override
        public void onStep(int sequences, int rows, long nanos) {
            stepRows.add(rows);
        }
    }

    private static int[] chat(String system, String user) {
        return bed.tokenizer.encode("<|im_start|>system\n" + system + "<|im_end|>\n<|im_start|>user\n" + user
                + "<|im_end|>\n<|im_start|>assistant\n");
    }

    private static String systemPrompt(String company) {
        return "You are the support assistant of " + company + ". Answer briefly, politely and only about orders, "
                + "deliveries, returns and invoices; never invent a tracking number; ask for the order id first.";
    }

    /** The rows of {@code prompt} a cache can hold for another prompt: whole blocks, short of its last row. */
    private static int cacheableRows(int[] prompt) {
        return (prompt.length - 1) / PrefixRows.BLOCK_ROWS * PrefixRows.BLOCK_ROWS;
    }

    /** What the model has cached of a prompt before the test runs it (other tests' prompts start alike). */
    private static int alreadyCached(int[] prompt) {
        int cached = bed.model.cachedPrefixLength(StepRows.sharedPrefix(prompt));
        assertThat(cached).isLessThan(cacheableRows(prompt) / 2);
        return cached;
    }

    /** Runs the generations one after another (each after the previous ended), then each alone on a fresh cache. */
    private static void assertEachWritesWhatItWritesAlone(InferenceEngine engine, List<GenerationRequest> requests,
                                                          List<ScriptedProbe.Builder> scripts) throws Exception {
        List<GenerationResult> inEngine = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            InferenceEngineTest.Collector collector = new InferenceEngineTest.Collector();
            engine.submit(requests.get(i), 3 + i, collector, scripts.get(i).build());
            inEngine.add(collector.done.get(60, TimeUnit.SECONDS));
        }
        // alone afterwards: decoding alone records prefixes too, and the engine's first run must be a miss
        for (int i = 0; i < requests.size(); i++) {
            GenerationResult alone = bed.decode(requests.get(i), 3 + i, scripts.get(i).build()).result();
            assertThat(inEngine.get(i).tokenIds()).as("generation %d", i).isEqualTo(alone.tokenIds());
            assertThat(inEngine.get(i).text()).isEqualTo(alone.text());
        }
    }

    @Test
    void aRepeatedPromptAndASharedSystemPromptStartCachedAndAnswerAsAlone() throws Exception {
        String system = systemPrompt("Northwind Parcels");
        int[] first = chat(system, "Where is my parcel?");
        int[] second = chat(system, "Can I return a lamp I bought last week?");
        List<GenerationRequest> requests = List.of(
                bed.request(first, 200, SamplingParams.greedy(), AspdMode.PARALLEL, List.of()),
                bed.request(first, 200, SamplingParams.greedy(), AspdMode.PARALLEL, List.of()),
                bed.request(second, 200, SamplingParams.greedy(), AspdMode.PARALLEL, List.of()));
        List<ScriptedProbe.Builder> scripts = List.of(
                ScriptedProbe.builder(bed.vocabulary).text(3).block(4, 6, 2).text(2).eos(),
                ScriptedProbe.builder(bed.vocabulary).text(3).block(4, 6, 2).text(2).eos(),
                ScriptedProbe.builder(bed.vocabulary).text(5).block(3, 3).eos());
        LookupRecorder recorder = new LookupRecorder();
        int cachedBefore = alreadyCached(first); // other tests' prompts start like this one
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary,
                new EngineSettings(4, 4096, 2048, CHUNK), recorder)) {
            assertEachWritesWhatItWritesAlone(engine, requests, scripts);
            int common = java.util.Arrays.mismatch(first, second);
            assertThat(recorder.lookups).containsExactly(
                    new Lookup(first.length, cachedBefore),
                    new Lookup(first.length, cacheableRows(first)),
                    new Lookup(second.length, common / PrefixRows.BLOCK_ROWS * PrefixRows.BLOCK_ROWS));
            assertThat(common).as("the system prompt spans blocks").isGreaterThan(3 * PrefixRows.BLOCK_ROWS);
            assertThat(engine.kvCacheUsage().reservedSlots()).isZero();
            assertThat(engine.kvCacheUsage().cachedSlots()).isPositive();
        }
    }

    @Test
    void theChoicesOfOneRequestPrefillTheirPromptOnceAndAnswerAsAlone() throws Exception {
        int[] prompt = chat(systemPrompt("Contoso Furniture"), "My sofa arrived with a torn cushion. What now?");
        int choices = 4;
        List<GenerationRequest> requests = new ArrayList<>();
        List<InferenceEngineTest.Collector> collectors = new ArrayList<>();
        LookupRecorder recorder = new LookupRecorder();
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(2).block(3, 5).text(3).eos();
        int cachedBefore = alreadyCached(prompt);
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary,
                new EngineSettings(8, 4096, 2048, CHUNK), recorder)) {
            for (int i = 0; i < choices; i++) {
                requests.add(bed.request(prompt, 200, SamplingParams.seeded(0.8, 40 + i), AspdMode.PARALLEL,
                        List.of()));
                InferenceEngineTest.Collector collector = new InferenceEngineTest.Collector();
                collectors.add(collector);
                engine.submit(requests.get(i), 40 + i, collector, script.build());
            }
            List<GenerationResult> results = new ArrayList<>();
            for (InferenceEngineTest.Collector collector : collectors) {
                results.add(collector.done.get(60, TimeUnit.SECONDS));
            }
            assertThat(recorder.lookups).as("one prefill of the prompt; the others start with its blocks")
                    .containsExactlyInAnyOrder(new Lookup(prompt.length, cachedBefore),
                            new Lookup(prompt.length, cacheableRows(prompt)),
                            new Lookup(prompt.length, cacheableRows(prompt)),
                            new Lookup(prompt.length, cacheableRows(prompt)));
            for (int i = 0; i < choices; i++) {
                GenerationResult alone = bed.decode(requests.get(i), 40 + i, script.build()).result();
                assertThat(results.get(i).tokenIds()).as("choice %d", i).isEqualTo(alone.tokenIds());
            }
            assertThat(engine.kvCacheUsage().reservedSlots()).isZero();
        }
    }

    @Test
    void aPromptSharingACachedPrefixIsPrefilledInChunksFromTheCachedLengthAndAnswersAsWithoutTheCache()
            throws Exception {
        String system = systemPrompt("Tailspin Toys");
        int[] first = chat(system, "Which toys are on sale this week?");
        int[] second = chat(system, "My kite arrived with a broken spar and a torn sail; can I get a new one?");
        int chunk = 7; // a chunk that no block boundary lines up with
        alreadyCached(first);
        bed.decode(bed.request(first, 20, SamplingParams.greedy(), AspdMode.OFF, List.of()), 0,
                ScriptedProbe.builder(bed.vocabulary).text(3).eos().build()); // caches the system prompt's blocks
        int cached = java.util.Arrays.mismatch(first, second) / PrefixRows.BLOCK_ROWS * PrefixRows.BLOCK_ROWS;
        int rest = second.length - cached;
        assertThat(cached).as("the system prompt spans blocks").isGreaterThan(2 * PrefixRows.BLOCK_ROWS);
        assertThat(rest).as("the uncached rest takes several chunks").isGreaterThan(2 * chunk);

        GenerationRequest request = bed.request(second, 200, SamplingParams.greedy(), AspdMode.PARALLEL, List.of());
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(3).block(3, 4).text(2).eos();
        LookupRecorder recorder = new LookupRecorder();
        GenerationResult result;
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary,
                new EngineSettings(4, 4096, 2048, chunk), recorder)) {
            InferenceEngineTest.Collector collector = new InferenceEngineTest.Collector();
            engine.submit(request, 5, collector, script.build());
            result = collector.done.get(60, TimeUnit.SECONDS);
        }
        assertThat(recorder.lookups).containsExactly(new Lookup(second.length, cached));
        int prefillSteps = (rest + chunk - 1) / chunk;
        List<Integer> expectedChunks = new ArrayList<>();
        for (int step = 1; step < prefillSteps; step++) {
            expectedChunks.add(chunk);
        }
        expectedChunks.add(rest - (prefillSteps - 1) * chunk);
        assertThat(recorder.stepRows.subList(0, prefillSteps)).as("chunks of the prompt from the cached length on")
                .isEqualTo(expectedChunks);
        GenerationResult uncached = bed.decode(request, 5, script.build()).result(); // a fresh cache, one forward
        assertThat(result.tokenIds()).isEqualTo(uncached.tokenIds());
        assertThat(result.text()).isEqualTo(uncached.text());
    }

    @Test
    void withoutPrefixCachingNothingIsLookedUpAndTheAnswersAreTheSame() throws Exception {
        int[] prompt = chat(systemPrompt("Fabrikam Bikes"), "Do you ship to Norway?");
        List<GenerationRequest> requests = List.of(
                bed.request(prompt, 100, SamplingParams.greedy(), AspdMode.PARALLEL, List.of()),
                bed.request(prompt, 100, SamplingParams.greedy(), AspdMode.PARALLEL, List.of()));
        List<ScriptedProbe.Builder> scripts = List.of(
                ScriptedProbe.builder(bed.vocabulary).text(4).block(2, 5).eos(),
                ScriptedProbe.builder(bed.vocabulary).text(4).block(2, 5).eos());
        LookupRecorder recorder = new LookupRecorder();
        try (CausalLm uncached = CausalLm.load(dir, new ServingOptions(0, false, false));
             InferenceEngine engine = new InferenceEngine(uncached, bed.vocabulary,
                     new EngineSettings(4, 4096, 2048, CHUNK), recorder)) {
            assertEachWritesWhatItWritesAlone(engine, requests, scripts);
            assertThat(recorder.lookups).isEmpty();
            assertThat(engine.kvCacheUsage().cachedSlots()).isZero();
        }
    }
}
