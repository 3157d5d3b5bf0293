package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdTokens;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one answer into training text: asks the {@link CandidateSource} for candidates, validates each (identical ones
 * once), and keeps the best by {@link CandidateScore#RANKING}, the earliest on a tie. When nothing passes, the answer is
 * kept serial and unchanged. Never throws for a bad answer or a failing endpoint: every record gets a result.
 */
public final class AnswerConverter {
    private final CandidateSource source;
    private final CandidateValidator validator;
    private final CandidateScorer scorer;

    public AnswerConverter(CandidateSource source, CandidateValidator validator, CandidateScorer scorer) {
        this.source = Objects.requireNonNull(source, "source");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    public Conversion convert(String question, String answer) {
        Optional<String> token = AspdTokens.ALL.stream().filter(answer::contains).findFirst();
        if (token.isPresent()) {
            return Conversion.serial(answer, List.of(new Rejection(RejectionReason.ANSWER_HAS_MARKUP,
                    "the answer contains " + token.get())));
        }
        Proposals proposals = source.propose(question, answer);
        List<Rejection> rejections = new ArrayList<>(proposals.rejections());
        AspdDocument best = null;
        CandidateScore bestScore = null;
        for (String candidate : new LinkedHashSet<>(proposals.candidates())) {
            ValidatedCandidate validated = validator.validate(question, answer, candidate);
            rejections.addAll(validated.rejections());
            if (validated.document().isPresent()) {
                CandidateScore score = scorer.score(validated.document().get());
                if (bestScore == null || CandidateScore.RANKING.compare(score, bestScore) > 0) {
                    best = validated.document().get();
                    bestScore = score;
                }
            }
        }
        return best == null ? Conversion.serial(answer, rejections) : Conversion.parallel(best, bestScore, rejections);
    }
}
