package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdFormatException;
import io.aspd.markup.AspdMarkupParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates one candidate markup of an answer, in the order of the issue: (1) it parses as ASPD markup, (2) rendering it
 * restores the answer ({@link Fidelity}); then per block (4) the {@link BlockLimits} and, where a judge is configured,
 * (3) the independence vote. Limits come before the judge because they are free and the judge costs LLM calls. Steps 1
 * and 2 reject the whole candidate; a block that fails 3 or 4 becomes serial text again (its rendering, so fidelity
 * still holds) and the rest of the candidate is kept.
 */
public final class CandidateValidator {
    private final BlockLimits limits;
    private final Optional<IndependenceJudge> judge;

    public CandidateValidator(BlockLimits limits, Optional<IndependenceJudge> judge) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    public ValidatedCandidate validate(String question, String answer, String markup) {
        AspdDocument parsed;
        try {
            parsed = AspdMarkupParser.parse(markup);
        } catch (AspdFormatException e) {
            return ValidatedCandidate.rejected(new Rejection(RejectionReason.FORMAT, e.getMessage()));
        }
        Optional<String> difference = Fidelity.difference(answer, parsed.render());
        if (difference.isPresent()) {
            return ValidatedCandidate.rejected(new Rejection(RejectionReason.FIDELITY, difference.get()));
        }
        if (!parsed.hasBlocks()) {
            return ValidatedCandidate.rejected(new Rejection(RejectionReason.NO_CANDIDATE, "the candidate marks no block"));
        }
        List<Rejection> rejections = new ArrayList<>();
        SegmentsBuilder kept = new SegmentsBuilder();
        for (AspdDocument.Segment segment : parsed.segments()) {
            if (segment instanceof AspdDocument.Block block) {
                Optional<Rejection> rejection = limits.check(block).or(() -> judged(question, kept.render(), block));
                rejection.ifPresentOrElse(r -> {
                    rejections.add(r);
                    kept.addSerial(new AspdDocument(List.of(block)).render());
                }, () -> kept.addBlock(block));
            } else {
                kept.addSerial(((AspdDocument.Serial) segment).text());
            }
        }
        AspdDocument document = kept.build();
        return new ValidatedCandidate(document.hasBlocks() ? Optional.of(document) : Optional.empty(), rejections);
    }

    private Optional<Rejection> judged(String question, String precedingText, AspdDocument.Block block) {
        if (judge.isEmpty()) {
            return Optional.empty();
        }
        try {
            IndependenceJudge.Verdict verdict = judge.get().judge(question, precedingText, block);
            return verdict.independent() ? Optional.empty()
                    : Optional.of(new Rejection(RejectionReason.NOT_INDEPENDENT, "block " + block.titles() + ": "
                            + verdict.independentVotes() + " of " + verdict.votesCast() + " votes said independent"));
        } catch (IndependenceJudge.Unavailable e) {
            return Optional.of(new Rejection(RejectionReason.ENDPOINT_FAILED, "judge: " + e.getMessage()));
        }
    }

    /** Segments in order, with neighbouring serial texts merged so the result is a canonical document. */
    private static final class SegmentsBuilder {
        private final List<AspdDocument.Segment> segments = new ArrayList<>();

        void addSerial(String text) {
            if (text.isEmpty()) {
                return;
            }
            int last = segments.size() - 1;
            if (last >= 0 && segments.get(last) instanceof AspdDocument.Serial previous) {
                segments.set(last, new AspdDocument.Serial(previous.text() + text));
            } else {
                segments.add(new AspdDocument.Serial(text));
            }
        }

        void addBlock(AspdDocument.Block block) {
            segments.add(block);
        }

        String render() {
            return build().render();
        }

        AspdDocument build() {
            return new AspdDocument(segments);
        }
    }
}
