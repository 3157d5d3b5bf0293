package io.aspd.markup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AspdMarkupParserTest {

    /** The example of docs/aspd-method.md §2, with its line break after the block as real serial text. */
    static final String SPEC_EXAMPLE = "Here are the quickest fixes:<|title|>Restart<|/title|><|title|>Cables<|/title|><|para|>"
            + "<|branch|>Restart: Turn the router off for ten seconds.<|/branch|>"
            + "<|branch|>Cables: Check that the fibre cable clicks in.<|/branch|><|/para|>\nIf neither helps, call support.";

    @Test
    void rendersTheSpecExample() {
        AspdDocument doc = AspdMarkupParser.parse(SPEC_EXAMPLE);
        assertThat(doc.render()).isEqualTo("Here are the quickest fixes:Turn the router off for ten seconds.\n"
                + "Check that the fibre cable clicks in.\nIf neither helps, call support.");
        assertThat(doc.blocks()).singleElement().satisfies(b -> assertThat(b.titles()).containsExactly("Restart", "Cables"));
    }

    @Test
    void markupRoundTripsThroughTheDocument() {
        String twoBlocks = SPEC_EXAMPLE + "\n<|title|>A<|/title|><|title|>B<|/title|><|title|>C<|/title|><|para|>"
                + "<|branch|>A: a<|/branch|><|branch|>B:  two spaces kept after one<|/branch|><|branch|>C:no space<|/branch|>"
                + "<|/para|>";
        AspdDocument doc = AspdMarkupParser.parse(twoBlocks);
        assertThat(doc.blocks()).hasSize(2);
        assertThat(doc.blocks().get(1).branches()).extracting(AspdDocument.Branch::body)
                .containsExactly("a", " two spaces kept after one", "no space");
        assertThat(AspdMarkupParser.parse(doc.markup()).render()).isEqualTo(doc.render());
        assertThat(doc.render()).endsWith("\na\n two spaces kept after one\nno space");
    }

    @Test
    void serialTextIsItsOwnRendering() {
        AspdDocument doc = AspdMarkupParser.parse("Our store opens at 9:00.");
        assertThat(doc.hasBlocks()).isFalse();
        assertThat(doc.render()).isEqualTo("Our store opens at 9:00.");
        assertThat(AspdMarkupParser.parse("").segments()).isEmpty();
    }

    @Test
    void buildsTheMarkupTrainingDataUses() {
        AspdDocument doc = new AspdDocument(List.of(new AspdDocument.Serial("Pay by:\n"),
                new AspdDocument.Block(List.of(new AspdDocument.Branch("Card", "Visa or Mastercard."),
                        new AspdDocument.Branch("Cash", "At any store.")))));
        assertThat(doc.markup()).isEqualTo("Pay by:\n<|title|>Card<|/title|><|title|>Cash<|/title|><|para|>"
                + "<|branch|>Card: Visa or Mastercard.<|/branch|><|branch|>Cash: At any store.<|/branch|><|/para|>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`<|title|>A<|/title|><|para|><|branch|>A: x<|/branch|><|/para|>` | at least two titles",
        "`<|title|>A<|/title|><|title|>A<|/title|><|para|>` | duplicate title 'A'",
        "`<|title|>A<|/title|> <|title|>B<|/title|><|para|>` | after a title",
        "`<|title|>A<|/title|><|title|>B<|/title|>` | after a title",
        "`<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>B: x<|/branch|><|branch|>A: y<|/branch|><|/para|>` | start with its title 'A:'",
        "`<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: x<|/branch|><|/para|>` | for title 'B'",
        "`<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: x<|/branch|>hi<|branch|>B: y<|/branch|><|/para|>` | for title 'B'",
        "`<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: x<|/branch|><|branch|>B: y` | unterminated branch",
        "`<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: x<|title|><|/branch|>` | unexpected <|title|> inside a branch",
        "`Hello <|branch|>A: x<|/branch|>` | unexpected <|branch|> in serial text",
        "`<|title|>  <|/title|><|title|>B<|/title|><|para|>` | empty title",
        "`x<|/para|>` | unexpected <|/para|> in serial text",
    })
    void rejectsMarkupOutsideTheGrammar(String markup, String reason) {
        assertThatThrownBy(() -> AspdMarkupParser.parse(markup)).isInstanceOf(AspdFormatException.class)
                .hasMessageContaining(reason);
        assertThat(AspdMarkupParser.isValid(markup)).isFalse();
    }
}
