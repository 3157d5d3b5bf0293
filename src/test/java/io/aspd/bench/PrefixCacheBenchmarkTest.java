package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixCacheBenchmarkTest {
    private static final long MS = 1_000_000;

    @Test
    void theTableShowsEveryRepetitionSideBySideAndTheRatioOfTheMedians() {
        List<PrefixCacheBenchmark.Pair> pairs = List.of(
                new PrefixCacheBenchmark.Pair(0, 400 * MS, 40 * MS),
                new PrefixCacheBenchmark.Pair(1, 300 * MS, 100 * MS),
                new PrefixCacheBenchmark.Pair(2, 500 * MS, 50 * MS));

        String table = PrefixCacheBenchmark.table(611, pairs);

        assertThat(table).contains("611-token shared system prompt")
                .contains("| 1 | 400.0 | 40.0 | 10.00x |")
                .contains("| 2 | 300.0 | 100.0 | 3.00x |")
                .contains("| 3 | 500.0 | 50.0 | 10.00x |")
                .contains("| **median** | 400.0 | 50.0 | **8.00x** |");
    }
}
