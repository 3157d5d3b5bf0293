package io.aspd.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The tokens one stream has seen, counted for the repetition, presence and frequency penalties. A branch starts from
 * the shared history of its block (frozen while the block runs) and adds only its own tokens, so a branch is never
 * penalised for what a sibling wrote.
 */
final class TokenHistory {
    private final TokenHistory parent;
    private final Map<Integer, Integer> seen = new HashMap<>();
    private final Map<Integer, Integer> generated = new HashMap<>();

    private TokenHistory(TokenHistory parent) {
        this.parent = parent;
    }

    static TokenHistory ofPrompt(int[] prompt) {
        TokenHistory history = new TokenHistory(null);
        for (int token : prompt) {
            history.seen.merge(token, 1, Integer::sum);
        }
        return history;
    }

    /** A history that starts from this one; this one must not change while the child is in use. */
    TokenHistory branch() {
        return new TokenHistory(this);
    }

    void addGenerated(int token) {
        seen.merge(token, 1, Integer::sum);
        generated.merge(token, 1, Integer::sum);
    }

    /** Folds a finished branch into the shared history: text after a block sees every branch. */
    void absorb(TokenHistory branch) {
        branch.seen.forEach((token, count) -> seen.merge(token, count, Integer::sum));
        branch.generated.forEach((token, count) -> generated.merge(token, count, Integer::sum));
    }

    /** Applies the penalties of {@code params} to {@code logits} in place. */
    void penalise(float[] logits, SamplingParams params) {
        if (!params.hasPenalties()) {
            return;
        }
        Map<Integer, Integer> allSeen = new HashMap<>();
        Map<Integer, Integer> allGenerated = new HashMap<>();
        for (TokenHistory h = this; h != null; h = h.parent) {
            h.seen.forEach((token, count) -> allSeen.merge(token, count, Integer::sum));
            h.generated.forEach((token, count) -> allGenerated.merge(token, count, Integer::sum));
        }
        float repetition = (float) params.repetitionPenalty();
        if (repetition != 1f) {
            for (int token : allSeen.keySet()) {
                if (token < logits.length) {
                    logits[token] = logits[token] > 0 ? logits[token] / repetition : logits[token] * repetition;
                }
            }
        }
        allGenerated.forEach((token, count) -> {
            if (token < logits.length) {
                logits[token] -= (float) (params.presencePenalty() + params.frequencyPenalty() * count);
            }
        });
    }
}
