package io.aspd.data.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.data.convert.BlockLimits;
import io.aspd.data.convert.Fidelity;
import io.aspd.data.convert.Proposals;
import io.aspd.data.convert.Rejection;
import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdMarkupParser;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RuleBasedRewriterTest {
    static final BlockLimits LIMITS = new BlockLimits(10, 20, 4, 10);
    private final RuleBasedRewriter rewriter = new RuleBasedRewriter(LIMITS);

    static Stream<RuleFixtures.Fixture> fixtures() {
        return RuleFixtures.ALL.stream();
    }

    static Stream<RuleFixtures.Fixture> parallelFixtures() {
        return fixtures().filter(f -> f.serialBecause() == null);
    }

    static Stream<RuleFixtures.Fixture> serialFixtures() {
        return fixtures().filter(f -> f.serialBecause() != null);
    }

    @ParameterizedTest
    @MethodSource("parallelFixtures")
    void independentStructureBecomesBlocksWithTheExpectedTitles(RuleFixtures.Fixture fixture) {
        Proposals proposals = rewriter.propose("q", fixture.answer());

        assertThat(proposals.candidates()).hasSize(1);
        AspdDocument doc = AspdMarkupParser.parse(proposals.candidates().get(0));
        assertThat(doc.blocks()).extracting(AspdDocument.Block::titles).isEqualTo(fixture.blocks());
        doc.blocks().forEach(block -> assertThat(LIMITS.check(block)).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("serialFixtures")
    void dependentOrUnsuitableStructureStaysSerialForTheRightReason(RuleFixtures.Fixture fixture) {
        Proposals proposals = rewriter.propose("q", fixture.answer());

        assertThat(proposals.candidates()).isEmpty();
        assertThat(proposals.rejections()).extracting(Rejection::reason).contains(fixture.serialBecause());
    }

    /** The rendering rule restores every fixture character for character, not only after normalisation. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void renderingTheMarkupRestoresTheAnswerExactly(RuleFixtures.Fixture fixture) {
        for (String candidate : rewriter.propose("q", fixture.answer()).candidates()) {
            String rendered = AspdMarkupParser.parse(candidate).render();
            assertThat(rendered).isEqualTo(fixture.answer());
            assertThat(Fidelity.difference(fixture.answer(), rendered)).isEmpty();
        }
    }

    @Test
    void bodiesKeepTheirMarkersAndTheSerialTextKeepsTheLineBreaks() {
        String answer = "Try:\n- Green tea, mild and fresh.\n- Black tea, strong and malty.\nBoth are fine.";

        AspdDocument doc = AspdMarkupParser.parse(rewriter.propose("q", answer).candidates().get(0));

        assertThat(doc.segments()).containsExactly(new AspdDocument.Serial("Try:\n"),
                new AspdDocument.Block(List.of(new AspdDocument.Branch("Green tea", "- Green tea, mild and fresh."),
                        new AspdDocument.Branch("Black tea", "- Black tea, strong and malty."))),
                new AspdDocument.Serial("\nBoth are fine."));
    }

    @Test
    void refusedOuterRunsAreReportedEvenWhenAnInnerListIsAccepted() {
        RuleFixtures.Fixture steps = RuleFixtures.ALL.stream()
                .filter(f -> f.name().startsWith("dependent steps")).findFirst().orElseThrow();

        Proposals proposals = rewriter.propose("q", steps.answer());

        assertThat(proposals.rejections()).singleElement().satisfies(r -> assertThat(r.detail())
                .startsWith("2 sections at line 1").contains("refers back"));
    }

    @Test
    void titlesRespectTightLimits() {
        RuleBasedRewriter tight = new RuleBasedRewriter(new BlockLimits(10, 8, 1, 5));
        String answer = "Ideas:\n- Extraordinarily long first words here.\n- Extraordinarily long again, sadly.";

        AspdDocument doc = AspdMarkupParser.parse(tight.propose("q", answer).candidates().get(0));

        assertThat(doc.blocks().get(0).titles()).containsExactly("Extraord", "2");
    }
}
