package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.model.CausalLm;
import io.aspd.model.ServingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Continuous batching: one forward per step for every running generation, without changing any of them. */
class InferenceEngineTest extends SharedEngineTestBed {

    /** Collects one generation's output. */
    static final class Collector implements GenerationListener {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<GenerationResult> done = new CompletableFuture<>();
        final CountDownLatch firstText = new CountDownLatch(1);

        @Override
        public void onText(TextPiece piece) {
            text.append(piece.text());
            firstText.countDown();
        }

        @Override
        public void onFinish(GenerationResult result) {
            done.complete(result);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    @Test
    void batchedGenerationsWriteExactlyWhatTheyWriteAlone() throws Exception {
        List<ScriptedProbe.Builder> scripts = List.of(
                ScriptedProbe.builder(bed.vocabulary).text(5).block(3, 7).text(2).eos(),
                ScriptedProbe.builder(bed.vocabulary).text(1).block(2, 2, 2, 2).text(4).block(5, 1).eos(),
                ScriptedProbe.builder(bed.vocabulary).text(12).eos(),
                ScriptedProbe.builder(bed.vocabulary).block(8, 3, 5).text(6).eos());
        List<AspdMode> modes = List.of(AspdMode.PARALLEL, AspdMode.PARALLEL, AspdMode.OFF, AspdMode.SEQUENTIAL);
        AtomicInteger widestStep = new AtomicInteger();
        EngineObserver observer = new EngineObserver() {
            @Override
            public void onStep(int sequences, int rows, long nanos) {
                widestStep.accumulateAndGet(sequences, Math::max);
            }
        };
        List<Collector> collectors = new ArrayList<>();
        List<GenerationRequest> requests = new ArrayList<>();
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary, new EngineSettings(8, 4096, 2048, 4096),
                observer)) {
            for (int i = 0; i < scripts.size(); i++) {
                GenerationRequest request = bed.request(bed.prompt("question " + i), 300,
                        SamplingParams.seeded(0.8, 100 + i), modes.get(i), List.of());
                requests.add(request);
                Collector collector = new Collector();
                collectors.add(collector);
                engine.submit(request, 7 + i, collector, scripts.get(i).build());
            }
            for (int i = 0; i < scripts.size(); i++) {
                GenerationResult batched = collectors.get(i).done.get(60, TimeUnit.SECONDS);
                EngineTestBed.Run alone = bed.decode(requests.get(i), 7 + i, scripts.get(i).build());
                assertThat(batched.tokenIds()).as("generation %d", i).isEqualTo(alone.result().tokenIds());
                assertThat(batched.text()).isEqualTo(alone.result().text()).isEqualTo(collectors.get(i).text.toString());
            }
        }
        assertThat(widestStep.get()).as("generations shared forwards").isGreaterThanOrEqualTo(2);
    }

    @Test
    void cancellingStopsAGenerationAtTheNextStepAndFreesItsPlace() throws Exception {
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary, new EngineSettings(1, 4096, 4096, 4096),
                EngineObserver.NONE)) {
            Collector endless = new Collector();
            GenerationRequest long1 = new GenerationRequest(bed.prompt("go on"), 4000, SamplingParams.greedy(),
                    List.of(), AspdMode.PARALLEL, 8, 4000, -1);
            GenerationHandle handle = engine.submit(long1, 1, endless,
                    ScriptedProbe.builder(bed.vocabulary).text(10).block(4000, 4000).build());
            Collector queued = new Collector();
            GenerationHandle waiting = engine.submit(long1, 2, queued);
            assertThat(endless.firstText.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.runningCount()).isEqualTo(1);
            assertThat(engine.waitingCount()).isEqualTo(1);

            waiting.cancel();
            assertThat(engine.waitingCount()).isZero();
            assertThat(queued.done).failsWithin(5, TimeUnit.SECONDS);

            handle.cancel();
            GenerationResult result = endless.done.get(30, TimeUnit.SECONDS);
            assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(result.tokenIds().length).isLessThan(4000);
            assertThat(engine.runningCount()).isZero();
        }
    }

    @Test
    void generationsBeyondTheBatchWaitAndAllComplete() throws Exception {
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary, new EngineSettings(1, 4096, 2048, 4096),
                EngineObserver.NONE)) {
            List<Collector> collectors = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Collector collector = new Collector();
                collectors.add(collector);
                engine.submit(bed.request(bed.prompt("q" + i), 20, SamplingParams.greedy(), AspdMode.OFF, List.of()),
                        i, collector);
            }
            for (int i = 0; i < 3; i++) {
                GenerationResult result = collectors.get(i).done.get(60, TimeUnit.SECONDS);
                GenerationRequest alone = bed.request(bed.prompt("q" + i), 20, SamplingParams.greedy(), AspdMode.OFF,
                        List.of());
                assertThat(result.tokenIds()).isEqualTo(bed.decode(alone, i, DecodeProbe.NONE).result().tokenIds());
            }
        }
    }

    @Test
    void aGenerationWaitsForKvCachePoolRoomAndThenWritesWhatItWritesAlone() throws Exception {
        int maxTokens = 20;
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requests.add(bed.request(bed.prompt("q" + i), maxTokens, SamplingParams.greedy(), AspdMode.OFF, List.of()));
        }
        int largestNeed = requests.stream().mapToInt(r -> r.prompt().length + maxTokens).max().orElseThrow();
        int blockSlots = 16;
        int poolForOne = (largestNeed + blockSlots - 1) / blockSlots * blockSlots; // room for one generation only
        AtomicInteger widestStep = new AtomicInteger();
        EngineObserver observer = new EngineObserver() {
            @Override
            public void onStep(int sequences, int rows, long nanos) {
                widestStep.accumulateAndGet(sequences, Math::max);
            }
        };
        try (CausalLm smallPool = CausalLm.load(dir, new ServingOptions(poolForOne, false));
             InferenceEngine engine = new InferenceEngine(smallPool, bed.vocabulary, new EngineSettings(3, 4096, 2048, 4096),
                     observer)) {
            List<Collector> collectors = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                Collector collector = new Collector();
                collectors.add(collector);
                engine.submit(requests.get(i), i, collector);
            }
            for (int i = 0; i < requests.size(); i++) {
                GenerationResult result = collectors.get(i).done.get(60, TimeUnit.SECONDS);
                assertThat(result.tokenIds()).as("generation %d", i)
                        .isEqualTo(bed.decode(requests.get(i), i, DecodeProbe.NONE).result().tokenIds());
            }
            assertThat(widestStep.get()).as("the pool held one generation at a time").isEqualTo(1);
            assertThat(engine.kvCacheUsage().reservedSlots()).isZero();
        }
    }
}
