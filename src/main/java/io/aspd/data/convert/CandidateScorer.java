package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;
import java.util.List;
import java.util.Objects;

/**
 * Scores a validated document. The parallel share counts the tokens of the visible branch bodies against the tokens of
 * the whole visible answer (titles and markup are overhead, not output; docs/aspd-method.md §7).
 */
public final class CandidateScorer {
    private final TokenCounter tokens;

    public CandidateScorer(TokenCounter tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    public CandidateScore score(AspdDocument document) {
        List<AspdDocument.Block> blocks = document.blocks();
        if (blocks.isEmpty()) {
            return CandidateScore.SERIAL;
        }
        int all = tokens.count(document.render());
        int inBranches = blocks.stream().flatMap(b -> b.branches().stream()).mapToInt(b -> tokens.count(b.body())).sum();
        double share = all == 0 ? 0 : Math.min(1.0, (double) inBranches / all);
        double meanBranches = blocks.stream().mapToInt(b -> b.branches().size()).average().orElse(0);
        return new CandidateScore(share, meanBranches);
    }
}
