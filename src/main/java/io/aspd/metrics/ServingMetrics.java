package io.aspd.metrics;

import io.aspd.engine.AspdStats;
import io.aspd.engine.EngineObserver;
import io.aspd.engine.FinishReason;
import io.aspd.engine.GenerationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The server's Micrometer meters, named after vLLM's where one exists (with our prefix: {@code vllm:} becomes
 * {@code aspd_}), plus what only ASPD has. Engine-side meters are fed through {@link EngineObserver} on the engine
 * thread; request-side latencies through {@link RequestMetrics}. All recording is lock-free.
 * <p>
 * Counts are per generation (a request with n choices runs n generations), as the engine works.
 */
@Component
public class ServingMetrics implements EngineObserver {
    private final MeterRegistry registry;
    private final Timer timeToFirstToken;
    private final Timer interTokenLatency;
    private final Timer e2eLatency;
    private final Timer engineQueueTime;
    private final Timer admissionQueueTime;
    private final Timer engineStep;
    private final Counter promptTokens;
    private final Counter prefixCacheQueries;
    private final Counter prefixCacheHits;
    private final Counter generationTokens;
    private final Counter visibleTokens;
    private final Counter branchTokens;
    private final Counter forwardPasses;
    private final Counter blocks;
    private final Counter branches;
    private final Counter generations;
    private final Map<FinishReason, Counter> finished = new EnumMap<>(FinishReason.class);
    private final DistributionSummary parallelShare;
    private final DistributionSummary stepRatio;
    private final DistributionSummary branchesPerBlock;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        timeToFirstToken = latency("aspd.time_to_first_token", "Time from a request's arrival to its first visible text",
                Duration.ofMillis(1), Duration.ofMinutes(10));
        interTokenLatency = latency("aspd.inter_token_latency",
                "Gap between consecutive pieces of visible text of one choice (bursty: buffered branches flush at once)",
                Duration.ofNanos(100_000), Duration.ofMinutes(1));
        e2eLatency = latency("aspd.e2e_request_latency", "Time from a request's arrival to its last token",
                Duration.ofMillis(1), Duration.ofMinutes(30));
        engineQueueTime = queueTime("engine", "Time a generation waited in the engine before joining the batch");
        admissionQueueTime = queueTime("admission", "Time a request waited for an admission permit");
        engineStep = latency("aspd.engine_step", "Duration of one batched forward pass of the engine",
                Duration.ofNanos(100_000), Duration.ofMinutes(1));
        promptTokens = counter("aspd.prompt_tokens", "Prompt tokens prefilled (once per generation)");
        // vLLM's prefix_cache_queries / prefix_cache_hits, in tokens: hits over queries is the prefix cache's hit rate
        prefixCacheQueries = tokenCounter("aspd.prefix_cache_queries",
                "Prompt tokens looked up in the prefix cache as their generation joined the batch");
        prefixCacheHits = tokenCounter("aspd.prefix_cache_hits",
                "Prompt tokens found in the prefix cache (not prefilled again)");
        generationTokens = counter("aspd.generation_tokens",
                "Generated tokens, markup and every branch included (the usage's completion tokens)");
        visibleTokens = counter("aspd.visible_tokens", "Generated tokens whose text reached a client");
        branchTokens = counter("aspd.branch_tokens", "Generated tokens decoded inside parallel branches");
        forwardPasses = counter("aspd.forward_passes", "Decoding forward passes, prompt prefill excluded");
        blocks = counter("aspd.blocks", "Parallel blocks opened");
        branches = counter("aspd.branches", "Branches over all blocks");
        generations = counter("aspd.generations", "Generations finished");
        for (FinishReason reason : FinishReason.values()) {
            finished.put(reason, Counter.builder("aspd.request_success")
                    .description("Generations finished, by reason")
                    .tag("finished_reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        parallelShare = summary("aspd.parallel_share", "Share of a generation's tokens decoded in parallel branches");
        stepRatio = summary("aspd.step_ratio", "Visible tokens per decoding forward pass of a generation");
        branchesPerBlock = summary("aspd.branches_per_block", "Branches of each parallel block");
    }

    private Timer latency(String name, String description, Duration min, Duration max) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(min)
                .maximumExpectedValue(max)
                .register(registry);
    }

    private Timer queueTime(String stage, String description) {
        return Timer.builder("aspd.request_queue_time").description(description).tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Counter tokenCounter(String name, String description) {
        return Counter.builder(name).description(description).baseUnit("tokens").register(registry);
    }

    private DistributionSummary summary(String name, String description) {
        return DistributionSummary.builder(name).description(description).register(registry);
    }

    /** Starts timing a request with {@code choices} choices that arrived at {@code arrivedNanos} ({@link System#nanoTime()}). */
    public RequestMetrics startRequest(int choices, long arrivedNanos) {
        return new RequestMetrics(choices, arrivedNanos, this);
    }

    void recordTimeToFirstToken(long nanos) {
        timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordInterTokenLatency(long nanos) {
        interTokenLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordEndToEnd(long nanos) {
        e2eLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordAdmissionWait(long nanos) {
        admissionQueueTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onStarted(long queueNanos) {
        engineQueueTime.record(queueNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onPrefixCacheLookup(int promptTokens, int cachedTokens) {
        prefixCacheQueries.increment(promptTokens);
        prefixCacheHits.increment(cachedTokens);
    }

    @Override
    public void onStep(int sequences, int rows, long nanos) {
        engineStep.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onFinished(GenerationResult result) {
        AspdStats stats = result.stats();
        generations.increment();
        finished.get(result.finishReason()).increment();
        promptTokens.increment(result.promptTokens());
        generationTokens.increment(stats.generatedTokens());
        visibleTokens.increment(stats.visibleTokens());
        branchTokens.increment(stats.branchTokens());
        forwardPasses.increment(stats.forwardPasses());
        blocks.increment(stats.blocks());
        branches.increment(stats.branches());
        if (stats.generatedTokens() > 0) {
            parallelShare.record(stats.parallelShare());
        }
        if (stats.forwardPasses() > 0) {
            stepRatio.record(stats.stepRatio());
        }
        if (stats.blocks() > 0) {
            branchesPerBlock.record(stats.branchesPerBlock());
        }
    }

    /** Totals since the server started, for the live speed-up summary. */
    public SpeedupTotals totals() {
        return new SpeedupTotals((long) generations.count(), (long) blocks.count(), (long) branches.count(),
                (long) forwardPasses.count(), (long) generationTokens.count(), (long) visibleTokens.count(),
                (long) branchTokens.count());
    }
}
