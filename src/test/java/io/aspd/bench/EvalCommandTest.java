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
}
