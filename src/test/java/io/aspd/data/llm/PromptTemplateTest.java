package io.aspd.data.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
    private final PromptTemplate user = PromptTemplate.load("rewrite-user");

    @Test
    void fillsEachPlaceholderOnceAndLeavesBracesInValuesAlone() {
        String filled = user.fill(Map.of("question", "What is {{answer}}?", "answer", "A $1 \\ template."));

        assertThat(filled).isEqualTo("Question:\nWhat is {{answer}}?\n\nAnswer to mark up:\nA $1 \\ template.\n");
    }

    @Test
    void missingAndUnusedValuesFailLoudly() {
        assertThatThrownBy(() -> user.fill(Map.of("question", "q"))).hasMessageContaining("{{answer}}");
        assertThatThrownBy(() -> user.fill(Map.of("question", "q", "answer", "a", "extra", "x")))
                .hasMessageContaining("no placeholder for [extra]");
    }
}
