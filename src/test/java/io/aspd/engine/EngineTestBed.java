package io.aspd.engine;

import io.aspd.markup.AspdTokenIds;
import io.aspd.markup.TrainingView;
import io.aspd.model.CausalLm;
import io.aspd.model.KvCache;
import io.aspd.model.SequenceRows;
import io.aspd.model.ServingOptions;
import io.aspd.model.TextTokenizer;
import io.aspd.testkit.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tiny random-weight model with the test tokenizer, and ways to decode with it outside the engine thread. */
final class EngineTestBed implements AutoCloseable {
    final CausalLm model;
    final TextTokenizer tokenizer;
    final EngineVocabulary vocabulary;
    final AspdTokenIds ids;

    EngineTestBed(Path dir) {
        this(dir, ServingOptions.defaults());
    }

    EngineTestBed(Path dir, ServingOptions options) {
        TestModels.tinyRandom(dir);
        model = CausalLm.load(dir, options);
        tokenizer = TextTokenizer.load(dir);
        vocabulary = new EngineVocabulary(tokenizer, model.config().vocabSize());
        ids = vocabulary.aspd().orElseThrow();
    }

    int[] prompt(String user) {
        return tokenizer.encode("<|im_start|>user\n" + user + "<|im_end|>\n<|im_start|>assistant\n");
    }

    GenerationRequest request(int[] prompt, int maxTokens, SamplingParams sampling, AspdMode mode, List<String> stop) {
        return new GenerationRequest(prompt, maxTokens, sampling, stop, mode, 8, 64, -1);
    }

    /** One finished decode: its result and the pieces it streamed. */
    record Run(GenerationResult result, List<TextPiece> pieces) {
        String streamed() {
            return String.join("", pieces.stream().map(TextPiece::text).toList());
        }
    }

    Run decode(GenerationRequest request, long seed, DecodeProbe probe) {
        List<TextPiece> pieces = new ArrayList<>();
        try (KvCache cache = model.newCache(16)) {
            HybridDecoder decoder = new HybridDecoder(request, vocabulary, cache, 4096, seed, pieces::add, probe);
            return new Run(decoder.runToEnd(model), pieces);
        }
    }

    /** Logits of one full forward over prompt + answer with the training view's mask and positions (row i predicts i+1). */
    float[][] trainingViewLogits(int[] prompt, int[] answer) {
        int[] all = concat(prompt, answer);
        TrainingView view = TrainingView.of(all, ids);
        boolean[] want = new boolean[all.length];
        Arrays.fill(want, true);
        try (KvCache cache = model.newCache(all.length)) {
            return model.forward(List.of(new SequenceRows(cache, all, view.positions(), view::visible, want))).get(0);
        }
    }

    /** Flat index in the answer of token {@code index} of branch {@code branch} of block {@code block}. */
    int flatIndexOfBranchToken(int[] answer, int block, int branch, int index) {
        int paras = -1;
        int i = 0;
        for (; i < answer.length; i++) {
            if (answer[i] == ids.para() && ++paras == block) {
                break;
            }
        }
        int branches = -1;
        for (i = i + 1; i < answer.length; i++) {
            if (answer[i] == ids.branch() && ++branches == branch) {
                return i + index;
            }
        }
        throw new IllegalArgumentException("no branch " + branch + " in block " + block);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
