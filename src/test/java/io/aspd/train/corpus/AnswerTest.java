package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AnswerTest {

    private static final List<Branch> FIXES = List.of(
            new Branch("Restart", "Turn the router off for ten seconds."),
            new Branch("Cables", "Check that the fibre cable clicks in."));

    @Test
    void markupFollowsTheSpecGrammar() {
        Answer answer = Answer.builder().line("Here are the quickest fixes:").block(FIXES)
                .line("If neither helps, call support.").build();

        assertThat(answer.markup()).isEqualTo("Here are the quickest fixes:\n"
                + "<|title|>Restart<|/title|><|title|>Cables<|/title|><|para|>"
                + "<|branch|>Restart: Turn the router off for ten seconds.<|/branch|>"
                + "<|branch|>Cables: Check that the fibre cable clicks in.<|/branch|><|/para|>"
                + "\nIf neither helps, call support.");
    }

    @Test
    void plainKeepsSerialTextVerbatimAndJoinsBodiesWithNewlines() {
        Answer answer = Answer.builder().line("Here are the quickest fixes:").block(FIXES)
                .line("If neither helps, call support.").build();

        assertThat(answer.plain()).isEqualTo("Here are the quickest fixes:\n"
                + "Turn the router off for ten seconds.\n"
                + "Check that the fibre cable clicks in.\n"
                + "If neither helps, call support.");
    }

    @Test
    void builderPutsLineBreaksOnlyBetweenTextAndBlocks() {
        Answer twoBlocks = Answer.builder().line("A:").block(FIXES).line("B:").line("More:").block(FIXES).build();

        assertThat(twoBlocks.segments()).hasSize(4);
        assertThat(((Answer.Serial) twoBlocks.segments().get(0)).text()).isEqualTo("A:\n");
        assertThat(((Answer.Serial) twoBlocks.segments().get(2)).text()).isEqualTo("\nB:\nMore:\n");
        assertThat(twoBlocks.blockCount()).isEqualTo(2);
        assertThat(Answer.builder().line("one").line("two").build().plain()).isEqualTo("one\ntwo");
    }

    @Test
    void openingGoesInFrontOfTheFirstSerialText() {
        Answer answer = Answer.builder().line("Options:").block(FIXES).build().withOpening("Hello! ");
        Answer blockFirst = Answer.builder().block(FIXES).build().withOpening("Hello! ");

        assertThat(answer.plain()).startsWith("Hello! Options:\nTurn");
        assertThat(blockFirst.markup()).startsWith("Hello!\n<|title|>Restart");
    }

    @Test
    void rejectsBlocksTheSpecDoesNotAllow() {
        assertThatThrownBy(() -> new Answer.Block(List.of(FIXES.get(0))))
                .hasMessageContaining("at least two branches");
        assertThatThrownBy(() -> new Answer.Block(List.of(FIXES.get(0), FIXES.get(0))))
                .hasMessageContaining("unique");
        assertThatThrownBy(() -> new Branch("Four words title here", "body"))
                .hasMessageContaining("1 to 3 words");
        assertThatThrownBy(() -> new Branch("Note: this", "body")).hasMessageContaining("':'");
        assertThatThrownBy(() -> new Branch("Tip", " leading space")).hasMessageContaining("starting with text");
        assertThatThrownBy(() -> new Branch("Tip", "two\nlines")).hasMessageContaining("one line");
        assertThatThrownBy(() -> new Answer.Serial("sneaky <|para|>")).hasMessageContaining("markup");
    }
}
