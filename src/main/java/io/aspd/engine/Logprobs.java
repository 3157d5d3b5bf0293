package io.aspd.engine;

import java.util.ArrayList;
import java.util.List;

/** Log-probabilities of the model's raw distribution, for the OpenAI {@code logprobs} fields. */
final class Logprobs {
    private Logprobs() {
    }

    static TokenLogprob of(float[] logits, int chosen, int top, EngineVocabulary vocabulary) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        double logZ = max + Math.log(sum);
        List<TokenLogprob.Alternative> alternatives = new ArrayList<>(top);
        boolean[] taken = new boolean[logits.length];
        for (int r = 0; r < top; r++) {
            int best = -1;
            for (int i = 0; i < logits.length; i++) {
                if (!taken[i] && (best < 0 || logits[i] > logits[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            alternatives.add(new TokenLogprob.Alternative(best, text(best, vocabulary), (float) (logits[best] - logZ)));
        }
        return new TokenLogprob(chosen, text(chosen, vocabulary), (float) (logits[chosen] - logZ), alternatives);
    }

    /** A token the engine wrote itself rather than sampled (a branch closed at the per-branch cap): certain. */
    static TokenLogprob forced(int token, EngineVocabulary vocabulary) {
        return new TokenLogprob(token, text(token, vocabulary), 0f, List.of());
    }

    private static String text(int id, EngineVocabulary vocabulary) {
        return vocabulary.decode(new int[] {id});
    }
}
