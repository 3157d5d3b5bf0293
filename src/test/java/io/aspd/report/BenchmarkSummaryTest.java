package io.aspd.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.report.BenchmarkSummary.CategoryFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchmarkSummaryTest {
    @TempDir
    Path dir;

    @Test
    void whatTheBenchmarkWritesIsWhatTheServerReads() throws Exception {
        Map<String, CategoryFigures> byCategory = new LinkedHashMap<>();
        byCategory.put("comparison", new CategoryFigures(10, 1.21, 1.02, 1.33, 0.69));
        byCategory.put("tips", new CategoryFigures(10, 1.5, 1.17, 1.33, 0.65));
        BenchmarkSummary written = new BenchmarkSummary("aspd-mini", "2026-11-26T19:17:10Z", 20, 1.35, 1.09, 1.33,
                true, byCategory);
        Path file = dir.resolve(BenchmarkSummary.FILE_NAME);

        written.write(file);

        assertThat(BenchmarkSummary.read(file)).contains(written);
        assertThat(BenchmarkSummary.read(file).orElseThrow().byCategory().keySet())
                .containsExactly("comparison", "tips");
    }

    @Test
    void theFileUsesTheSnakeCaseKeysOfTheReportFormat() throws Exception {
        Path file = dir.resolve(BenchmarkSummary.FILE_NAME);
        new BenchmarkSummary("m", "2026-11-26T19:17:10Z", 1, 2.0, 1.5, 1.8, false,
                Map.of("tips", new CategoryFigures(1, 2.0, 1.5, 1.8, 0.6))).write(file);

        JsonNode json = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(json.propertyNames()).containsExactly("model", "measured_at", "prompts",
                "speedup_parallel_vs_sequential", "speedup_parallel_vs_off", "step_ratio", "lossless", "by_category");
        assertThat(json.get("by_category").get("tips").propertyNames()).containsExactly("prompts",
                "speedup_parallel_vs_sequential", "speedup_parallel_vs_off", "step_ratio", "parallel_share");
    }

    @Test
    void aReportFromAnotherVersionIsReadAsFarAsItGoes() throws Exception {
        Path file = dir.resolve(BenchmarkSummary.FILE_NAME);
        Files.writeString(file, """
                {"speedup_parallel_vs_sequential": 1.62, "a_later_field": [1, 2],
                 "by_category": {"tips": {"step_ratio": 1.4, "another": true}}}
                """);

        BenchmarkSummary read = BenchmarkSummary.read(file).orElseThrow();

        assertThat(read.speedupParallelVsSequential()).isEqualTo(1.62);
        assertThat(read.model()).isNull();
        assertThat(read.lossless()).isNull();
        assertThat(read.byCategory().get("tips")).isEqualTo(new CategoryFigures(null, null, null, 1.4, null));
    }

    @Test
    void theEmbeddedModelsReportIsInThisFormat() {
        BenchmarkSummary shipped = BenchmarkSummary.read(Path.of("models/aspd-mini", BenchmarkSummary.FILE_NAME))
                .orElseThrow();

        assertThat(shipped.model()).isEqualTo("aspd-mini");
        assertThat(shipped.lossless()).isTrue();
        assertThat(shipped.byCategory()).isNotEmpty().allSatisfy((category, figures) -> {
            assertThat(figures.prompts()).as(category).isPositive();
            assertThat(figures.speedupParallelVsSequential()).as(category).isPositive();
        });
    }

    @Test
    void aMissingFileMeansTheBenchmarkHasNotRun() {
        assertThat(BenchmarkSummary.read(dir.resolve("absent.json"))).isEmpty();
    }

    @Test
    void aFileThatIsNotAReportIsRefused() throws Exception {
        Path file = dir.resolve(BenchmarkSummary.FILE_NAME);
        for (String content : new String[] {"not json", "[1, 2]", "null", "{\"prompts\": \"ten\"}"}) {
            Files.writeString(file, content);
            assertThatThrownBy(() -> BenchmarkSummary.read(file)).as(content)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
        }
    }
}
