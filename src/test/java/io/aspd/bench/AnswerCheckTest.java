package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {
    @Test
    void countsFactsCaseAndSpacingInsensitively() {
        String answer = "Fibre 500 costs $49/month.\nInstall  takes 30 Minutes.";
        assertThat(AnswerCheck.factRecall(answer, List.of("$49/month", "30 minutes", "$59/month"))).isEqualTo(2.0 / 3);
        assertThat(AnswerCheck.factRecall(answer, List.of())).isEqualTo(1.0);
    }

    @Test
    void yesAndNoMustOpenTheAnswer() {
        assertThat(AnswerCheck.factRecall("Yes, the router is included.", List.of("Yes,"))).isEqualTo(1.0);
        assertThat(AnswerCheck.factRecall("Hello! No, it is not.", List.of("No,"))).isEqualTo(1.0);
        assertThat(AnswerCheck.factRecall("It is not. Yes, really.", List.of("Yes,"))).isZero();
    }

    @Test
    void formatValidityIsTheStrictGrammar() {
        assertThat(AnswerCheck.formatValid("Pay by:\n<|title|>A<|/title|><|title|>B<|/title|><|para|>"
                + "<|branch|>A: x<|/branch|><|branch|>B: y<|/branch|><|/para|>")).isTrue();
        assertThat(AnswerCheck.formatValid("<|title|>A<|/title|><|title|>B<|/title|><|para|><|branch|>A: x")).isFalse();
    }
}
