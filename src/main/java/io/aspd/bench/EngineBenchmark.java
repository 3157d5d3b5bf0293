package io.aspd.bench;

import io.aspd.engine.AspdMode;
import io.aspd.engine.AspdStats;
import io.aspd.engine.EngineVocabulary;
import io.aspd.engine.GenerationRequest;
import io.aspd.engine.GenerationResult;
import io.aspd.engine.HybridDecoder;
import io.aspd.engine.SamplingParams;
import io.aspd.model.KvCache;
import io.aspd.model.ModelBundle;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Measures one model on prompts in the three modes, side by side: every repeat runs parallel, sequential and off for
 * the same prompt back to back (in a rotating order, so that no mode always runs first on a warm cache), greedy, on the
 * calling thread with nothing else batched. Parallel and sequential must write identical tokens; that is checked on
 * every run.
 */
public final class EngineBenchmark {
    private static final AspdMode[] MODES = {AspdMode.PARALLEL, AspdMode.SEQUENTIAL, AspdMode.OFF};

    private final ModelBundle bundle;
    private final EngineVocabulary vocabulary;
    private final int maxTokens;
    private final int maxBranches;
    private final int maxBranchTokens;

    public EngineBenchmark(ModelBundle bundle, int maxTokens, int maxBranches, int maxBranchTokens) {
        this.bundle = bundle;
        this.vocabulary = new EngineVocabulary(bundle.tokenizer(), bundle.model().config().vocabSize());
        this.maxTokens = maxTokens;
        this.maxBranches = maxBranches;
        this.maxBranchTokens = maxBranchTokens;
    }

    public PromptMeasurement measure(BenchPrompt prompt, int repeats) {
        int[] tokens = bundle.tokenizer().encode(bundle.chatTemplate().render(prompt.messages(), prompt.tools(), true,
                Map.of()));
        Map<AspdMode, long[]> times = new EnumMap<>(AspdMode.class);
        for (AspdMode mode : MODES) {
            times.put(mode, new long[repeats]);
        }
        int[] referenceTokens = null;
        boolean lossless = true;
        AspdStats parallelStats = null;
        int offVisible = 0;
        for (int r = 0; r < repeats; r++) {
            for (int m = 0; m < MODES.length; m++) {
                AspdMode mode = MODES[(m + r) % MODES.length];
                GenerationResult result = decode(tokens, mode);
                times.get(mode)[r] = result.stats().serialNanos() + result.stats().parallelNanos();
                switch (mode) {
                    case PARALLEL -> parallelStats = result.stats();
                    case OFF -> offVisible = result.stats().visibleTokens();
                    case SEQUENTIAL -> { }
                }
                if (mode != AspdMode.OFF) {
                    if (referenceTokens == null) {
                        referenceTokens = result.tokenIds();
                    } else {
                        lossless &= Arrays.equals(referenceTokens, result.tokenIds());
                    }
                }
            }
        }
        return new PromptMeasurement(prompt, times, parallelStats, offVisible, lossless);
    }

    /** Runs every mode once on the first prompt so that measured runs find warm code paths. */
    public void warmUp(List<BenchPrompt> prompts) {
        if (!prompts.isEmpty()) {
            measure(prompts.get(0), 1);
        }
    }

    private GenerationResult decode(int[] prompt, AspdMode mode) {
        int contextLength = bundle.model().config().maxPositionEmbeddings();
        GenerationRequest request = new GenerationRequest(prompt, maxTokens, SamplingParams.greedy(), List.of(), mode,
                maxBranches, maxBranchTokens, -1);
        try (KvCache cache = bundle.model().newCache(Math.min(contextLength, prompt.length + maxTokens))) {
            return new HybridDecoder(request, vocabulary, cache, contextLength, 0, piece -> { })
                    .runToEnd(bundle.model());
        }
    }
}
