package io.aspd.data.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerConverterTest {
    static final BlockLimits LIMITS = new BlockLimits(10, 20, 4, 1);

    private static AnswerConverter converterProposing(String... candidates) {
        return new AnswerConverter((q, a) -> new Proposals(List.of(candidates), List.of()),
                new CandidateValidator(LIMITS, Optional.empty()), new CandidateScorer(new WordPieceEstimate()));
    }

    @Test
    void anAnswerThatAlreadyHoldsMarkupTokensIsLeftAlone() {
        String answer = "Use <|para|> to split.";

        Conversion conversion = converterProposing("never asked").convert("q", answer);

        assertThat(conversion.trainingText()).isEqualTo(answer);
        assertThat(conversion.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectionReason.ANSWER_HAS_MARKUP);
    }

    @Test
    void onEqualShareMoreBranchesPerBlockWin() {
        String answer = "a\nb\nc";
        String two = "<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: a<|/branch|>"
                + "<|branch|>B: b\nc<|/branch|><|/para|>";
        String three = "<|title|>A<|/title|><|title|>B<|/title|><|title|>C<|/title|><|para|><|branch|>A: a<|/branch|>"
                + "<|branch|>B: b<|/branch|><|branch|>C: c<|/branch|><|/para|>";

        Conversion conversion = converterProposing(two, three).convert("q", answer);

        assertThat(conversion.trainingText()).isEqualTo(three);
        assertThat(conversion.score()).isEqualTo(new CandidateScore(1.0, 3.0));
    }

    @Test
    void onAFullTieTheEarliestCandidateWins() {
        String answer = "a\nb";
        String first = "<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: a<|/branch|>"
                + "<|branch|>B: b<|/branch|><|/para|>";
        String second = first.replace("A", "X");

        assertThat(converterProposing(first, second).convert("q", answer).trainingText()).isEqualTo(first);
    }

    @Test
    void rankingPrefersShareThenBranches() {
        assertThat(CandidateScore.RANKING.compare(new CandidateScore(0.6, 2), new CandidateScore(0.5, 9))).isPositive();
        assertThat(CandidateScore.RANKING.compare(new CandidateScore(0.5, 3), new CandidateScore(0.5, 2))).isPositive();
    }
}
