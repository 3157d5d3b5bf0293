package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.markup.AspdDocument;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/aspd-method.md §5: for every token, the logits of the inference view (branches decoded in parallel over one
 * cache, or one after another) equal those of one full training-view forward, and greedy decoding writes the same
 * tokens either way.
 */
class AspdInvariantTest extends SharedEngineTestBed {
    private static final double TOLERANCE = 1e-4;


    @ParameterizedTest(name = "{0} branches")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void parallelSequentialAndTrainingViewAgreeOnEveryToken(int branches) {
        int[] lengths = IntStream.range(0, branches).map(k -> 2 + (k * 5 + branches) % 7).toArray();
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(4).block(lengths).text(3).eos();
        assertAllViewsAgree(script, SamplingParams.greedy());
    }

    @Test
    void severalBlocksAfterLongSerialTextAndSerialTokensAfterABlockSeeEveryBranch() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary)
                .text(120).block(6, 1, 9, 3).text(5).block(2, 11).block(4, 4, 1).text(2).eos();
        assertAllViewsAgree(script, SamplingParams.greedy());
    }

    @Test
    void seededSamplingGivesTheSameTokensInParallelAndSequentialMode() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(6).block(5, 9, 2).text(4).eos();
        assertAllViewsAgree(script, new SamplingParams(0.9, 0.95, 40, 1234, 1.1, 0.2, 0.1));
    }

    @Test
    void theTrainingViewCheckIsSensitiveToASiblingLeakingIntoABranch() {
        ScriptedProbe probe = ScriptedProbe.builder(bed.vocabulary).text(3).block(4, 4).text(2).eos().build();
        int[] prompt = bed.prompt("negative control");
        GenerationResult result = bed.decode(bed.request(prompt, 200, SamplingParams.greedy(), AspdMode.PARALLEL,
                List.of()), 1, probe).result();
        int[] answer = result.tokenIds();
        // A plain causal forward over the flat answer lets branch 2 see branch 1: its logits must then differ.
        int[] all = EngineTestBed.concat(prompt, answer);
        boolean[] want = new boolean[all.length];
        java.util.Arrays.fill(want, true);
        float[][] causal;
        try (var cache = bed.model.newCache(all.length)) {
            causal = bed.model.forward(List.of(new io.aspd.model.SequenceRows(cache, all,
                    IntStream.range(0, all.length).toArray(), (q, k) -> k <= q, want))).get(0);
        }
        int headOfSecond = bed.vocabulary.branchHead("T1").length;
        int flat = bed.flatIndexOfBranchToken(answer, 0, 1, headOfSecond + 1);
        float[] observed = probe.observed().get(ScriptedProbe.key(0, 1, headOfSecond + 1));
        assertThat(EngineTestBed.maxAbsDiff(observed, causal[prompt.length + flat - 1])).isGreaterThan(1e-3);
    }

    /** Decodes the script in both ASPD modes and checks tokens, text and every token's logits against the training view. */
    private static void assertAllViewsAgree(ScriptedProbe.Builder script, SamplingParams sampling) {
        int[] prompt = bed.prompt("Give me some tips for a faster connection.");
        ScriptedProbe parallelProbe = script.build();
        ScriptedProbe sequentialProbe = script.build();
        EngineTestBed.Run parallel = bed.decode(bed.request(prompt, 1000, sampling, AspdMode.PARALLEL, List.of()),
                99, parallelProbe);
        EngineTestBed.Run sequential = bed.decode(bed.request(prompt, 1000, sampling, AspdMode.SEQUENTIAL, List.of()),
                99, sequentialProbe);

        assertThat(parallel.result().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(parallel.result().tokenIds()).isEqualTo(sequential.result().tokenIds());
        assertThat(parallel.result().text()).isEqualTo(sequential.result().text());
        assertThat(parallel.streamed()).isEqualTo(parallel.result().text());
        AspdDocument structure = parallel.result().structure();
        assertThat(structure.render()).as("streamed text is the rendered document").isEqualTo(parallel.streamed());
        assertThat(parallel.result().stats().forwardPasses()).isLessThan(sequential.result().stats().forwardPasses());

        Map<String, float[]> parallelLogits = parallelProbe.observed();
        assertThat(parallelLogits.keySet()).isEqualTo(sequentialProbe.observed().keySet());
        int[] answer = parallel.result().tokenIds();
        float[][] training = bed.trainingViewLogits(prompt, answer);
        for (Map.Entry<String, float[]> entry : parallelLogits.entrySet()) {
            float[] viaSequential = sequentialProbe.observed().get(entry.getKey());
            assertThat(EngineTestBed.maxAbsDiff(entry.getValue(), viaSequential))
                    .as("parallel vs sequential logits of %s", entry.getKey()).isLessThanOrEqualTo(TOLERANCE);
            int flat = flatIndex(entry.getKey(), answer);
            assertThat(EngineTestBed.maxAbsDiff(entry.getValue(), training[prompt.length + flat - 1]))
                    .as("inference vs training view logits of %s (flat %d)", entry.getKey(), flat)
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    private static int flatIndex(String key, int[] answer) {
        String[] parts = key.split("/");
        if (parts[0].equals("serial")) {
            return Integer.parseInt(parts[1]);
        }
        return bed.flatIndexOfBranchToken(answer, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]));
    }
}
