package io.aspd.data.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FidelityTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a b|a b",
        "a\\n\\nb|a b",
        "  a\\tb  |a b",
        "a\\r\\nb|a\\nb",
        "a\u00a0b|a b"})
    void whitespaceRunsOfAnyKindAndLengthAreEqual(String original, String rendered) {
        assertThat(Fidelity.difference(unescape(original), unescape(rendered))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "options:\\n- a|options:- a",
        "line 4|line 5",
        "a b|a b c",
        "A|a"})
    void anythingElseIsADifference(String original, String rendered) {
        assertThat(Fidelity.difference(unescape(original), unescape(rendered))).isPresent();
    }

    @Test
    void theDifferenceSaysWhere() {
        assertThat(Fidelity.difference("take line 4 home", "take  line 5 home")).hasValue(
                "rendered text differs from the answer at normalised character 10: expected '4 home', found '5 home'");
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
    }
}
