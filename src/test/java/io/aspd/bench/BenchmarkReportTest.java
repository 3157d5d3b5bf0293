package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.engine.AspdMode;
import io.aspd.engine.AspdStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    private static PromptMeasurement measured(String id, int blocks, long parallelMs, long sequentialMs, long offMs,
                                              int visible, int offVisible) {
        BenchPrompt prompt = new BenchPrompt(id, "tips", List.of(), true, List.of(), List.of(), List.of());
        AspdStats stats = new AspdStats(blocks, 0, 2 * blocks, 10, visible, visible, 0, 0, 0, 0, 0);
        return new PromptMeasurement(prompt, Map.of(
                AspdMode.PARALLEL, new long[] {parallelMs * 1_000_000},
                AspdMode.SEQUENTIAL, new long[] {sequentialMs * 1_000_000},
                AspdMode.OFF, new long[] {offMs * 1_000_000}), stats, offVisible, true);
    }

    @Test
    void theTableHasARowForTheAnswersThatOpenedABlock() {
        PromptMeasurement parallel = measured("a", 1, 100, 250, 200, 60, 50);
        PromptMeasurement serial = measured("b", 0, 100, 100, 100, 20, 20);

        String table = new BenchmarkReport("m", List.of(parallel, serial)).table();

        // With a block: 250 ms / 100 ms sequential; (60 / 100) / (50 / 200) visible tokens per ms vs off.
        assertThat(table).contains("| with a block | 1 |").contains("| 2.50x | 2.40x | yes |");
        // All: (250 + 100) / (100 + 100) = 1.75x.
        assertThat(table).contains("| all | 2 |").contains("| 1.75x |");
    }

    @Test
    void thereIsNoBlockRowWhenNoAnswerOpenedABlock() {
        String table = new BenchmarkReport("m", List.of(measured("b", 0, 100, 100, 100, 20, 20))).table();

        assertThat(table).contains("| all | 1 |").doesNotContain(BenchmarkReport.WITH_BLOCK);
    }
}
