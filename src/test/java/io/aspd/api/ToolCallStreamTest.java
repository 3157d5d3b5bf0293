package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolCallParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streamed split of a choice into content and calls equals the split of its whole text, for every cut. */
class ToolCallStreamTest {
    private static final ToolCallFormat HERMES = ToolCallFormat.HERMES;
    private static final List<String> ANSWERS = List.of(
            "Let me check. <tool_call>\n{\"name\": \"lookup\", \"arguments\": {\"id\": \"<tool\"}}\n</tool_call>",
            "\n\n<tool_call>{\"arguments\":{},\"name\":\"a\"}</tool_call>\n<tool_call>{\"name\":\"b\",\"arguments\":"
                    + "{\"x\":[1,2]}}</tool_call>",
            "No call, only a < and <tool but never the whole marker <tool_cal",
            "  \n ",
            "text then <tool_call>{\"name\": \"cut\", \"argum");

    @Test
    void everyWayOfCuttingTheTextGivesTheWholeTextsContentAndCalls() {
        Random random = new Random(3);
        ToolCallParser parser = new ToolCallParser(HERMES);
        for (String answer : ANSWERS) {
            ToolCallParser.Parsed whole = parser.parse(answer);
            String expectedContent = answer.contains(HERMES.open()) ? whole.content() : answer;
            for (int trial = 0; trial < 200; trial++) {
                ToolCallStream stream = new ToolCallStream(HERMES, true);
                StringBuilder content = new StringBuilder();
                List<ChatToolCall> deltas = new ArrayList<>();
                int at = 0;
                while (at < answer.length()) {
                    int end = Math.min(answer.length(), at + 1 + random.nextInt(trial % 2 == 0 ? 3 : 15));
                    ToolCallStream.Output output = stream.accept(answer.substring(at, end));
                    content.append(output.content());
                    deltas.addAll(output.calls());
                    at = end;
                }
                content.append(stream.finish());
                assertThat(content.isEmpty() ? null : content.toString()).as(answer).isEqualTo(
                        expectedContent == null || expectedContent.isEmpty() ? null : expectedContent);
                assertThat(stream.completeCalls()).isEqualTo(whole.calls().size());
                List<ChatToolCall> firsts = deltas.stream().filter(d -> d.id() != null).toList();
                // a call is started as soon as its name is known: the cut one too, which the whole text drops
                assertThat(firsts).hasSize(answer.endsWith("argum") ? 1 : whole.calls().size());
                for (int i = 0; i < whole.calls().size(); i++) {
                    ChatToolCall first = firsts.get(i);
                    assertThat(first.index()).isEqualTo(i);
                    assertThat(first.id()).startsWith("call_");
                    assertThat(first.type()).isEqualTo("function");
                    assertThat(first.function().name()).isEqualTo(whole.calls().get(i).name());
                    assertThat(first.function().arguments()).isEmpty();
                    int index = i;
                    List<ChatToolCall> fragments = deltas.stream().filter(d -> d.index() == index && d.id() == null)
                            .toList();
                    assertThat(deltas.indexOf(fragments.get(0))).isGreaterThan(deltas.indexOf(first));
                    assertThat(fragments).allSatisfy(f -> {
                        assertThat(f.type()).isNull();
                        assertThat(f.function().name()).isNull();
                    });
                    assertThat(fragments.stream().map(f -> f.function().arguments()).reduce("", String::concat))
                            .isEqualTo(whole.calls().get(i).argumentsJson());
                }
            }
        }
    }
}
