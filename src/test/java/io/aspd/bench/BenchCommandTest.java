package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.cli.AspdCli;
import io.aspd.report.BenchmarkSummary;
import io.aspd.testkit.TestModels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void benchmarksEveryModeAndWritesTheReportTheActuatorReads() throws Exception {
        Path model = TestModels.tinyRandom(dir.resolve("model"));
        Path prompts = dir.resolve("prompts.jsonl");
        Files.writeString(prompts, """
                {"id":"a","category":"tips","messages":[{"role":"user","content":"Tips for fast wifi?"},{"role":"assistant","content":"ignored"}]}
                {"id":"b","category":"fact","prompt":"When do you open?"}
                """);
        Path out = dir.resolve("report");
        int exit = AspdCli.run(new String[] {"bench", "--model", model.toString(), "--prompts", prompts.toString(),
            "--repeats", "2", "--max-tokens", "12", "--out", out.toString()});

        assertThat(exit).as("parallel and sequential wrote the same tokens").isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.resolve(BenchmarkSummary.FILE_NAME).toFile());
        assertThat(json.path("prompts").asInt()).isEqualTo(2);
        assertThat(json.path("lossless").asBoolean()).isTrue();
        assertThat(json.path("speedup_parallel_vs_sequential").asDouble()).isPositive();
        assertThat(json.path("by_category").has("tips")).isTrue();
        assertThat(json.path("by_category").has("fact")).isTrue();
        assertThat(Files.readString(out.resolve(BenchmarkReport.MARKDOWN_FILE))).contains("| tips |", "| all |");
        assertThat(Files.size(out.resolve(BenchmarkReport.CHART_FILE))).isPositive();
    }

    @Test
    void theLoadModeRunsOneAtATimeAndConcurrentlyOnAnInProcessServerWithTheSameTexts() throws Exception {
        Path model = TestModels.tinyRandom(dir.resolve("model"));
        Path prompts = dir.resolve("prompts.jsonl");
        Files.writeString(prompts, """
                {"id":"a","category":"tips","prompt":"Tips for fast wifi?"}
                {"id":"b","category":"fact","prompt":"When do you open?"}
                """);
        Path out = dir.resolve("load");
        int exit = AspdCli.run(new String[] {"bench", "--model", model.toString(), "--prompts", prompts.toString(),
            "--concurrency", "2", "--requests", "3", "--max-tokens", "6", "--out", out.toString(),
            "--server-property", "aspd.engine.threads=1"});

        assertThat(exit).as("concurrent clients got the texts of one at a time").isZero();
        String table = Files.readString(out.resolve(ConcurrencyReport.MARKDOWN_FILE));
        assertThat(table.lines().filter(line -> line.matches("\\| [12] \\| 3 \\| .*\\| identical \\|"))).hasSize(2);
        assertThat(table).contains("| 1 | 3 |").contains("| 1.00x |");
    }

    @Test
    void theLoadModeTalksToThisMachineOnly() {
        assertThat(BenchCommand.requireLoopback(URI.create("http://127.0.0.1:8080"))).hasPort(8080);
        assertThat(BenchCommand.requireLoopback(URI.create("http://localhost:8080"))).hasHost("localhost");
        for (String elsewhere : new String[] {"http://example.com:8080", "https://127.0.0.1:8443", "http://10.0.0.1",
            "http://127.0.0.1.example.com/"}) {
            assertThatThrownBy(() -> BenchCommand.requireLoopback(URI.create(elsewhere)))
                    .as(elsewhere).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readsChatRecordsAndPlainPrompts() throws Exception {
        Path prompts = dir.resolve("p.jsonl");
        Files.writeString(prompts, """
                {"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]}

                {"prompt":"hello","category":"greeting","id":"g1"}
                """);
        var read = BenchPrompt.read(prompts);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).messages()).extracting(m -> m.role()).containsExactly("system", "user");
        assertThat(read.get(0).category()).isEqualTo("general");
        assertThat(read.get(1).id()).isEqualTo("g1");
    }
}
