package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyReportTest {
    private static final long MS = 1_000_000;

    /** An answer sent at {@code sentMs} whose text chunks arrived at {@code arrivalsMs}. */
    private static StreamedAnswer answer(int request, String text, int tokens, long sentMs, long... arrivalsMs) {
        long[] arrivals = new long[arrivalsMs.length];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = arrivalsMs[i] * MS;
        }
        return new StreamedAnswer(request, sentMs * MS, arrivals, text, tokens);
    }

    @Test
    void timeToFirstTokenAndInterTokenGapsComeFromTheChunkArrivals() {
        StreamedAnswer answer = answer(0, "abc", 3, 100, 130, 135, 145);

        assertThat(answer.timeToFirstTokenNanos()).isEqualTo(30 * MS);
        assertThat(answer.interTokenNanos()).containsExactly(5 * MS, 10 * MS);
        assertThat(answer(1, "", 0, 0).hasText()).isFalse();
        assertThat(answer(1, "", 0, 0).interTokenNanos()).isEmpty();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // unsorted on purpose: 100 down to 1
        }
        Latencies latencies = new Latencies(values);

        assertThat(latencies.percentileNanos(50)).isEqualTo(50);
        assertThat(latencies.percentileNanos(99)).isEqualTo(99);
        assertThat(latencies.percentileNanos(100)).isEqualTo(100);
        assertThat(new Latencies(new long[] {7, 3, 5}).percentileNanos(99)).as("few samples: the largest").isEqualTo(7);
        assertThat(new Latencies(new long[] {7, 3, 5}).percentileNanos(50)).isEqualTo(5);
        assertThatThrownBy(() -> new Latencies(new long[0]).percentileNanos(50))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLevelAddsUpTokensOverItsWallTimeAndPoolsItsLatencies() {
        LoadLevel level = new LoadLevel(2, List.of(
                answer(0, "ab", 30, 0, 10, 20),
                answer(1, "cd", 20, 0, 40, 44, 50)), 500 * MS);

        assertThat(level.completionTokens()).isEqualTo(50);
        assertThat(level.tokensPerSecond()).isEqualTo(100.0);
        assertThat(level.timeToFirstToken().count()).isEqualTo(2);
        assertThat(level.timeToFirstToken().percentileNanos(50)).isEqualTo(10 * MS);
        assertThat(level.timeToFirstToken().percentileNanos(99)).isEqualTo(40 * MS);
        assertThat(level.interToken().count()).isEqualTo(3);
        assertThat(level.interToken().percentileNanos(50)).isEqualTo(6 * MS);
        assertThat(level.interToken().percentileNanos(99)).isEqualTo(10 * MS);
    }

    @Test
    void textsAreComparedRequestByRequest() {
        LoadLevel alone = new LoadLevel(1, List.of(answer(0, "x", 1, 0, 1), answer(1, "y", 1, 0, 1)), MS);
        LoadLevel same = new LoadLevel(2, List.of(answer(0, "x", 1, 0, 2), answer(1, "y", 1, 0, 3)), MS);
        LoadLevel swapped = new LoadLevel(2, List.of(answer(0, "y", 1, 0, 2), answer(1, "x", 1, 0, 3)), MS);

        assertThat(same.sameTextsAs(alone)).isTrue();
        assertThat(swapped.sameTextsAs(alone)).isFalse();
        assertThat(new ConcurrencyReport(List.of(alone, same)).identicalTexts()).isTrue();
        assertThat(new ConcurrencyReport(List.of(alone, same, swapped)).identicalTexts()).isFalse();
    }

    @Test
    void theTableDividesEachLevelsThroughputByOneAtATime() {
        LoadLevel alone = new LoadLevel(1, List.of(answer(0, "x", 10, 0, 5, 15)), 1000 * MS);
        LoadLevel four = new LoadLevel(4, List.of(answer(0, "x", 10, 0, 8, 20)), 250 * MS);
        LoadLevel differs = new LoadLevel(8, List.of(answer(0, "z", 10, 0, 8, 20)), 500 * MS);

        String table = new ConcurrencyReport(List.of(alone, four, differs)).table();

        assertThat(table).contains("| 1 | 1 | 10 | 10.0 | 1.00x | 5.0 | 5.0 | 10.0 | 10.0 | identical |")
                .contains("| 4 | 1 | 10 | 40.0 | 4.00x | 8.0 | 8.0 | 12.0 | 12.0 | identical |")
                .contains("| 8 | 1 | 10 | 20.0 | 2.00x | 8.0 | 8.0 | 12.0 | 12.0 | DIFFERENT |");
        assertThatThrownBy(() -> new ConcurrencyReport(List.of(four))).isInstanceOf(IllegalArgumentException.class);
    }
}
