package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.cli.AspdCli;
import io.aspd.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void scoresAModelAndItsBaselinePerCategory() throws Exception {
        Path model = TestModels.tinyRandom(dir.resolve("model"));
        Path heldout = dir.resolve("heldout.jsonl");
        Files.writeString(heldout, """
                {"messages":[{"role":"user","content":"How can I pay?"},{"role":"assistant","content":"x"}],"category":"options","parallelizable":true,"facts":["PayPal"]}
                {"messages":[{"role":"user","content":"Is the router free?"},{"role":"assistant","content":"x"}],"category":"yes_no","parallelizable":false,"facts":["Yes,"]}
                """);
        Path out = dir.resolve("eval");
        int exit = AspdCli.run(new String[] {"eval", "--model", model.toString(), "--baseline", model.toString(),
            "--heldout", heldout.toString(), "--max-tokens", "16", "--out", out.toString()});
        assertThat(exit).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.resolve("eval.json").toFile());
        assertThat(json.path("answers").asInt()).isEqualTo(2);
        assertThat(json.path("by_category").has("options")).isTrue();
        assertThat(json.path("by_category").path("yes_no").path("serial_without_block").isNumber()).isTrue();
        assertThat(json.has("baseline_content_accuracy")).isTrue();
        assertThat(Files.readString(out.resolve("eval.md"))).contains("| options |", "| **all** |");
    }

    @Test
    void conversationsWithToolsAreAnsweredByTheServerAndScoredForTheirCalls() throws Exception {
        Path model = TestModels.tinyRandom(dir.resolve("model"));
        Path heldout = dir.resolve("heldout.jsonl");
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_order_status\","
                + "\"description\":\"Status of an order.\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"order_id\":{\"type\":\"string\"}},\"required\":[\"order_id\"],\"additionalProperties\":false}}}]";
        String call = "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_order_status\","
                + "\"arguments\":\"{\\\"order_id\\\":\\\"PN-48213\\\"}\"}}";
        Files.writeString(heldout, String.join("\n",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order PN-48213?\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]}]," + tools
                        + ",\"category\":\"tool_call\",\"parallelizable\":false,\"facts\":[\"PN-48213\"],"
                        + "\"expectedCalls\":[" + call + "]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my order PN-48213?\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]},"
                        + "{\"role\":\"tool\",\"content\":\"{\\\"status\\\":\\\"shipped\\\"}\",\"tool_call_id\":\"call_1\"},"
                        + "{\"role\":\"assistant\",\"content\":\"It has shipped.\"}]," + tools
                        + ",\"category\":\"tool_answer\",\"parallelizable\":false,\"facts\":[\"shipped\"]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"How can I pay?\"},{\"role\":\"assistant\","
                        + "\"content\":\"x\"}],\"category\":\"options\",\"parallelizable\":true,\"facts\":[\"PayPal\"]}",
                ""));
        Path out = dir.resolve("eval");
        int exit = AspdCli.run(new String[] {"eval", "--model", model.toString(), "--heldout", heldout.toString(),
            "--max-tokens", "24", "--out", out.toString()});

        assertThat(exit).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.resolve("eval.json").toFile());
        assertThat(json.path("answers").asInt()).isEqualTo(3);
        assertThat(json.path("with_tools").asInt()).isEqualTo(2);
        JsonNode toolCall = json.path("by_category").path("tool_call");
        assertThat(toolCall.path("with_tools").asInt()).isEqualTo(1);
        assertThat(toolCall.path("tool_call_accuracy").isNumber()).isTrue();
        assertThat(json.path("by_category").path("options").path("tool_call_accuracy").isNull()).isTrue();
        assertThat(json.path("answer_from_result_accuracy").isNumber()).isTrue();
        assertThat(Files.readAllLines(out.resolve("answers.jsonl"))).hasSize(3)
                .filteredOn(line -> line.contains("\"tool_calls_right\"")).hasSize(2);
        assertThat(Files.readString(out.resolve("eval.md"))).contains("| tool_call |", "Answer-from-result accuracy");
    }
}
