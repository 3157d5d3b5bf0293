package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.model.KvCache;
import io.aspd.model.ServingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunked prefill: a prompt fed over several steps gives the answer one forward over the whole prompt gives, and the
 * generations already decoding get a token in every one of those steps.
 */
class ChunkedPrefillTest {
    /** The incremental-vs-full tolerance of the model tests: the same sums, added up in another order. */
    private static final double TOLERANCE = 1e-4;
    /** No chunk size but 1 divides it: the last chunk is shorter than the others. */
    private static final int PRIME_PROMPT_TOKENS = 101;

    @TempDir
    static Path dir;
    static EngineTestBed bed;

    /**
     * Without prefix caching, so that every run prefills its whole prompt and the chunks are the prompt's own (a
     * prefill that starts from a cached prefix is in {@link PrefixCachingEngineTest}).
     */
    @BeforeAll
    static void loadModel() {
        bed = new EngineTestBed(dir, new ServingOptions(0, false, false));
    }

    @AfterAll
    static void closeModel() {
        bed.close();
    }

    /** A prompt of {@code tokens} tokens or a little more: a user message repeated to length. */
    private static int[] longPrompt(int tokens) {
        StringBuilder user = new StringBuilder();
        while (bed.prompt(user.toString()).length < tokens) {
            user.append("please list the steps to reset a router. ");
        }
        return bed.prompt(user.toString());
    }

    /** Counts the engine's forwards and what each fed. */
    private static final class StepLog implements EngineObserver {
        final AtomicInteger steps = new AtomicInteger();
        final List<int[]> sequencesAndRows = new ArrayList<>();

        @Override
        public synchronized void onStep(int sequences, int rows, long nanos) {
            sequencesAndRows.add(new int[] {sequences, rows});
            steps.incrementAndGet();
        }

        /** The number of the step now completing (the observer hears of a step before its logits are decoded). */
        int current() {
            return steps.get();
        }

        synchronized int[] step(int number) {
            return sequencesAndRows.get(number - 1);
        }
    }

    /** Records, for every sampled token, the step it was sampled in; delegates steering to a script. */
    private static final class StepStamps implements DecodeProbe {
        final ScriptedProbe script;
        final StepLog log;
        final List<Integer> tokenSteps = new ArrayList<>();

        StepStamps(ScriptedProbe script, StepLog log) {
            this.script = script;
            this.log = log;
        }

        @Override
        public void steer(int block, int branch, int index, float[] logits) {
            script.steer(block, branch, index, logits);
        }

        @Override
        public synchronized void observe(int block, int branch, int index, int token, float[] rawLogits) {
            script.observe(block, branch, index, token, rawLogits);
            tokenSteps.add(log.current());
        }

        synchronized List<Integer> tokenSteps() {
            return List.copyOf(tokenSteps);
        }
    }

    private static ScriptedProbe.Builder script() {
        return ScriptedProbe.builder(bed.vocabulary).text(4).block(3, 5).text(3).eos();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 16, 64})
    void chunkedPrefillWritesWhatOneForwardOverThePromptWrites(int chunk) throws Exception {
        int[] prompt = Arrays.copyOf(longPrompt(PRIME_PROMPT_TOKENS), PRIME_PROMPT_TOKENS);
        GenerationRequest request = bed.request(prompt, 200, SamplingParams.greedy(), AspdMode.PARALLEL, List.of());
        ScriptedProbe oneShot = script().build();
        GenerationResult expected = bed.decode(request, 0, oneShot).result();

        StepLog log = new StepLog();
        ScriptedProbe chunked = script().build();
        int arraysBefore = bed.model.nativeArrayCount();
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary,
                new EngineSettings(4, 64, 2048, chunk), log)) {
            InferenceEngineTest.Collector collector = new InferenceEngineTest.Collector();
            engine.submit(request, 0, collector, chunked);
            GenerationResult result = collector.done.get(60, TimeUnit.SECONDS);

            assertThat(result.tokenIds()).isEqualTo(expected.tokenIds());
            assertThat(result.text()).isEqualTo(expected.text());
            assertThat(result.stats().blocks()).isEqualTo(1);
            assertThat(result.stats().forwardPasses()).as("prefill chunks are not decoding forwards")
                    .isEqualTo(expected.stats().forwardPasses());
        }
        double firstTokenDiff = EngineTestBed.maxAbsDiff(oneShot.observed().get(ScriptedProbe.key(0, -1, 0)),
                chunked.observed().get(ScriptedProbe.key(0, -1, 0)));
        assertThat(firstTokenDiff).as("logits of the first answer token").isLessThanOrEqualTo(TOLERANCE);
        int prefillSteps = (prompt.length + chunk - 1) / chunk;
        for (int step = 1; step <= prefillSteps; step++) {
            int expectedRows = step < prefillSteps ? chunk : prompt.length - (prefillSteps - 1) * chunk;
            assertThat(log.step(step)[1]).as("rows of prefill step %d", step).isEqualTo(expectedRows);
        }
        assertThat(bed.model.nativeArrayCount()).as("chunked steps leave no native arrays behind")
                .isEqualTo(arraysBefore);
    }

    @Test
    void aDecodingGenerationGetsATokenInEveryStepWhileALongPromptIsPrefilled() throws Exception {
        int chunk = 8;
        StepLog log = new StepLog();
        GenerationRequest streaming = bed.request(bed.prompt("tell me a story"), 400, SamplingParams.greedy(),
                AspdMode.OFF, List.of());
        GenerationRequest arriving = bed.request(longPrompt(300), 10, SamplingParams.greedy(), AspdMode.OFF,
                List.of());
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary,
                new EngineSettings(4, 16, 2048, chunk), log)) {
            StepStamps stream = new StepStamps(ScriptedProbe.builder(bed.vocabulary).text(399).eos().build(), log);
            StepStamps late = new StepStamps(ScriptedProbe.builder(bed.vocabulary).text(9).eos().build(), log);
            InferenceEngineTest.Collector streamOut = new InferenceEngineTest.Collector();
            InferenceEngineTest.Collector lateOut = new InferenceEngineTest.Collector();
            engine.submit(streaming, 1, streamOut, stream);
            assertThat(streamOut.firstText.await(30, TimeUnit.SECONDS)).isTrue();
            engine.submit(arriving, 2, lateOut, late);

            GenerationResult lateResult = lateOut.done.get(60, TimeUnit.SECONDS);
            GenerationResult streamResult = streamOut.done.get(60, TimeUnit.SECONDS);
            assertThat(lateResult.tokenIds()).isEqualTo(bed.decode(arriving, 2,
                    ScriptedProbe.builder(bed.vocabulary).text(9).eos().build()).result().tokenIds());
            assertThat(streamResult.tokenIds()).isEqualTo(bed.decode(streaming, 1,
                    ScriptedProbe.builder(bed.vocabulary).text(399).eos().build()).result().tokenIds());

            int firstLateToken = late.tokenSteps().get(0);
            List<Integer> sharedSteps = new ArrayList<>();
            for (int step = 1; step <= firstLateToken; step++) {
                int[] fed = log.step(step);
                if (fed[0] == 2) {
                    sharedSteps.add(step);
                    assertThat(fed[1]).as("rows of step %d: one decoding row and a chunk", step)
                            .isLessThanOrEqualTo(1 + chunk);
                }
            }
            int promptRows = arriving.prompt().length;
            assertThat(sharedSteps).as("the long prompt is prefilled over several steps")
                    .hasSizeGreaterThanOrEqualTo((promptRows + chunk - 1) / chunk);
            assertThat(stream.tokenSteps()).as("the stream got a token in every step of the prefill")
                    .containsAll(sharedSteps);
        }
    }

    @Test
    void aPromptChunkMustFitWhatIsLeftOfThePrompt() {
        int[] prompt = bed.prompt("hello");
        try (KvCache cache = bed.model.newCache(prompt.length + 8)) {
            HybridDecoder decoder = new HybridDecoder(bed.request(prompt, 8, SamplingParams.greedy(), AspdMode.OFF,
                    List.of()), bed.vocabulary, cache, 2048, 0, piece -> { });
            assertThat(decoder.promptRowsLeft()).isEqualTo(prompt.length);
            assertThatThrownBy(() -> decoder.promptRows(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> decoder.promptRows(prompt.length + 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(decoder.promptRows(prompt.length - 1).wantLogits()).as("not the end of the prompt")
                    .containsOnly(false);
        }
    }

    @Test
    void decodingRowsComeFirstAndPromptsShareWhatIsLeft() {
        StepBudget budget = new StepBudget(64, 32);
        assertThat(budget.prefillRows(0)).isEqualTo(32);
        assertThat(budget.prefillRows(40)).as("what is left under the forward's rows").isEqualTo(24);
        assertThat(budget.prefillRows(64)).as("a prompt always advances").isEqualTo(1);
        assertThat(budget.prefillRows(100)).isEqualTo(1);
        assertThatThrownBy(() -> new EngineSettings(8, 64, 2048, 65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65").hasMessageContaining("64");
    }
}
