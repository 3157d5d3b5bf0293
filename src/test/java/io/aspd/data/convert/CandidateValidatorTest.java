package io.aspd.data.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.markup.AspdDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidateValidatorTest {
    static final BlockLimits LIMITS = new BlockLimits(3, 10, 2, 5);
    static final String ANSWER = "Pick:\n- Apples, crisp.\n- Pears, sweet.\nThen:\n- Milk, cold.\n- Tea, hot.\nBye.";
    static final String TWO_BLOCKS = "Pick:\n<|title|>Apples<|/title|><|title|>Pears<|/title|><|para|>"
            + "<|branch|>Apples: - Apples, crisp.<|/branch|><|branch|>Pears: - Pears, sweet.<|/branch|><|/para|>"
            + "\nThen:\n<|title|>Milk<|/title|><|title|>Tea<|/title|><|para|>"
            + "<|branch|>Milk: - Milk, cold.<|/branch|><|branch|>Tea: - Tea, hot.<|/branch|><|/para|>\nBye.";

    /** A judge that refuses blocks containing a title and records what it was shown. */
    static final class RecordingJudge implements IndependenceJudge {
        final List<String> preceding = new ArrayList<>();
        final String refusedTitle;

        RecordingJudge(String refusedTitle) {
            this.refusedTitle = refusedTitle;
        }

        @Override
        public Verdict judge(String question, String precedingText, AspdDocument.Block block) {
            preceding.add(precedingText);
            boolean ok = !block.titles().contains(refusedTitle);
            return new Verdict(ok ? 1 : 0, 1, ok);
        }
    }

    @Test
    void aBlockRejectedByTheJudgeBecomesSerialTextAndTheOtherStays() {
        RecordingJudge judge = new RecordingJudge("Milk");

        ValidatedCandidate result = new CandidateValidator(LIMITS, Optional.of(judge)).validate("q", ANSWER, TWO_BLOCKS);

        AspdDocument doc = result.document().orElseThrow();
        assertThat(doc.blocks()).extracting(AspdDocument.Block::titles).containsExactly(List.of("Apples", "Pears"));
        assertThat(doc.render()).isEqualTo(ANSWER);
        assertThat(doc.segments().get(doc.segments().size() - 1)).isEqualTo(
                new AspdDocument.Serial("\nThen:\n- Milk, cold.\n- Tea, hot.\nBye."));
        assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.NOT_INDEPENDENT);
        assertThat(judge.preceding).containsExactly("Pick:\n", "Pick:\n- Apples, crisp.\n- Pears, sweet.\nThen:\n");
    }

    @Test
    void aBlockOverALimitBecomesSerialAndTheOtherStays() {
        ValidatedCandidate result = new CandidateValidator(new BlockLimits(3, 10, 2, 13), Optional.empty())
                .validate("q", ANSWER, TWO_BLOCKS);

        assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.BODY_TOO_SHORT);
        assertThat(result.rejections().get(0).detail()).isEqualTo("body of 'Tea' is shorter than 13 characters");
        AspdDocument doc = result.document().orElseThrow();
        assertThat(doc.blocks()).singleElement().satisfies(b -> assertThat(b.titles()).containsExactly("Apples", "Pears"));
        assertThat(doc.render()).isEqualTo(ANSWER);
    }

    @Test
    void eachLimitHasItsReason() {
        AspdDocument.Block four = new AspdDocument.Block(List.of(new AspdDocument.Branch("A", "aaaaa"),
                new AspdDocument.Branch("B", "bbbbb"), new AspdDocument.Branch("C", "ccccc"),
                new AspdDocument.Branch("D", "ddddd")));
        assertThat(LIMITS.check(four)).map(Rejection::reason).hasValue(RejectionReason.TOO_MANY_BRANCHES);
        AspdDocument.Block wordy = new AspdDocument.Block(List.of(new AspdDocument.Branch("a b c", "aaaaa"),
                new AspdDocument.Branch("B", "bbbbb")));
        assertThat(LIMITS.check(wordy)).map(Rejection::reason).hasValue(RejectionReason.TITLE_TOO_LONG);
        AspdDocument.Block wide = new AspdDocument.Block(List.of(new AspdDocument.Branch("abcdefghijk", "aaaaa"),
                new AspdDocument.Branch("B", "bbbbb")));
        assertThat(LIMITS.check(wide)).map(Rejection::reason).hasValue(RejectionReason.TITLE_TOO_LONG);
        AspdDocument.Block thin = new AspdDocument.Block(List.of(new AspdDocument.Branch("A", "  aaaa  "),
                new AspdDocument.Branch("B", "bbbbb")));
        assertThat(LIMITS.check(thin)).map(Rejection::reason).hasValue(RejectionReason.BODY_TOO_SHORT);
        assertThat(LIMITS.check(new AspdDocument.Block(List.of(new AspdDocument.Branch("Ab cd", "aaaaa"),
                new AspdDocument.Branch("B", "bbbbb"))))).isEmpty();
    }

    @Test
    void formatAndFidelityRejectTheWholeCandidate() {
        CandidateValidator validator = new CandidateValidator(LIMITS, Optional.of(new RecordingJudge("none")));

        assertThat(validator.validate("q", ANSWER, TWO_BLOCKS.replace("<|/para|>\nBye.", "\nBye.")).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.FORMAT);
        assertThat(validator.validate("q", ANSWER, TWO_BLOCKS.replace("Bye.", "Bye!")).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.FIDELITY);
        assertThat(validator.validate("q", ANSWER, ANSWER).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.NO_CANDIDATE);
    }
}
