package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringFilterTest {
    private final List<TextPiece> out = new ArrayList<>();

    private String text() {
        return String.join("", out.stream().map(TextPiece::text).toList());
    }

    @Test
    void findsAStopStringSplitAcrossPiecesAndNeverLeaksAnyOfIt() {
        StopStringFilter filter = new StopStringFilter(List.of("END"), out::add);
        for (String piece : List.of("Thanks for writing. E", "N", "D and more")) {
            filter.accept(TextPiece.of(piece));
            assertThat(text()).doesNotContain("E").as("a possible stop prefix is held back");
        }
        filter.flush();
        assertThat(filter.stopped()).isTrue();
        assertThat(text()).isEqualTo("Thanks for writing. ");
    }

    @Test
    void releasesHeldTextThatTurnsOutNotToBeAStopString() {
        StopStringFilter filter = new StopStringFilter(List.of("\n\nUser:"), out::add);
        filter.accept(TextPiece.of("line one\n"));
        assertThat(text()).isEqualTo("line one");
        filter.accept(TextPiece.of("\nUse"));
        assertThat(text()).isEqualTo("line one");
        filter.accept(TextPiece.of("ful tip"));
        assertThat(text()).isEqualTo("line one\n\nUseful tip");
        filter.flush();
        assertThat(filter.stopped()).isFalse();
    }

    @Test
    void theEarliestOfSeveralStopStringsWins() {
        StopStringFilter filter = new StopStringFilter(List.of("zzz", "b"), out::add);
        filter.accept(TextPiece.of("a b zzz"));
        assertThat(text()).isEqualTo("a ");
        filter.accept(TextPiece.of("more"));
        assertThat(text()).isEqualTo("a ");
    }

    @Test
    void keepsEachTokensLogprobWithTheFirstTextReleasedForIt() {
        TokenLogprob first = new TokenLogprob(1, "ab", -0.5f, List.of());
        TokenLogprob second = new TokenLogprob(2, "cX", -0.25f, List.of());
        StopStringFilter filter = new StopStringFilter(List.of("X"), out::add);
        filter.accept(new TextPiece("ab", first));
        filter.accept(new TextPiece("cX", second));
        assertThat(out).extracting(TextPiece::logprob).containsExactly(first, second);
        assertThat(text()).isEqualTo("abc");
    }

    @Test
    void aTokenThatMightStartAStopStringIsHeldWholeNotSplit() {
        TokenLogprob first = new TokenLogprob(1, "line one\n", -0.5f, List.of());
        TokenLogprob second = new TokenLogprob(2, "\nUse", -0.25f, List.of());
        TokenLogprob third = new TokenLogprob(3, "ful", -0.125f, List.of());
        StopStringFilter filter = new StopStringFilter(List.of("\n\nUser:"), out::add);
        filter.accept(new TextPiece("line one\n", first));
        filter.accept(new TextPiece("\nUse", second));
        assertThat(text()).isEmpty();
        filter.accept(new TextPiece("ful", third));
        filter.flush();
        assertThat(out).extracting(TextPiece::text).containsExactly("line one\n", "\nUse", "ful");
        assertThat(out).extracting(TextPiece::logprob).containsExactly(first, second, third);
    }

    @Test
    void withoutStopStringsEverythingPassesStraightThrough() {
        StopStringFilter filter = new StopStringFilter(List.of(), out::add);
        filter.accept(TextPiece.of("x"));
        assertThat(text()).isEqualTo("x");
    }
}
