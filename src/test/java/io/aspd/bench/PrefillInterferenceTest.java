package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrefillInterferenceTest {
    private static final long MS = 1_000_000;

    private static StreamedAnswer answer(String text, long... arrivalsMs) {
        long[] arrivals = new long[arrivalsMs.length];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = arrivalsMs[i] * MS;
        }
        return new StreamedAnswer(0, 0, arrivals, text, arrivals.length);
    }

    @Test
    void aGapBelongsToTheWindowWhenItsLaterChunkArrivesInIt() {
        List<StreamedAnswer> streams = List.of(answer("a", 10, 20, 30, 90, 100), answer("b", 15, 25, 95, 105));
        // the long prompt arrived at 25 ms and was served by 95 ms
        assertThat(PrefillInterference.gaps(streams, 25 * MS, 95 * MS, true))
                .containsExactlyInAnyOrder(10 * MS, 60 * MS, 70 * MS);
        assertThat(PrefillInterference.gaps(streams, 25 * MS, 95 * MS, false))
                .containsExactlyInAnyOrder(10 * MS, 10 * MS, 10 * MS, 10 * MS);
    }

    @Test
    void theTableHasARowPerTrialAndOnePerPrefillAndComparesTexts() {
        PrefillInterference.Trial chunked = new PrefillInterference.Trial("chunked", new long[] {10 * MS, 12 * MS},
                new long[] {10 * MS}, 200 * MS, List.of("x", "y"));
        PrefillInterference.Trial oneShot = new PrefillInterference.Trial("one-shot", new long[] {10 * MS, 80 * MS},
                new long[] {10 * MS}, 150 * MS, List.of("x", "y"));

        String table = PrefillInterference.table(List.of(chunked, oneShot, chunked));

        assertThat(table.lines()).hasSize(2 + 3 + 2);
        assertThat(table).contains("| one-shot | 1 | 2 | 10.0 | 80.0 | 80.0 | 8.00x | 10.0 / 10.0 | 8.00x | 150.0 |")
                .contains("| chunked | all | 4 | 10.0 | 12.0 | 12.0 | 1.20x | 10.0 / 10.0 | 1.20x | 200.0 |");
        assertThat(PrefillInterference.identicalTexts(List.of(chunked, oneShot))).isTrue();
        assertThat(PrefillInterference.identicalTexts(List.of(chunked, new PrefillInterference.Trial("one-shot",
                new long[0], new long[0], MS, List.of("x", "z"))))).isFalse();
    }
}
