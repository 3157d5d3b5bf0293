package io.aspd.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    @Test
    void printsRateAndEtaAtMostOncePerIntervalAndAtTheEnd() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        StringWriter out = new StringWriter();
        ProgressReporter progress = new ProgressReporter(100, new PrintWriter(out), now::get, Duration.ofSeconds(2));

        for (int i = 0; i < 10; i++) {
            now.addAndGet(500_000_000L);
            progress.advance();
        }
        progress.finish();

        assertThat(out.toString().lines()).containsExactly(
                "data: 4/100 lines (4.0%), 2.0 lines/s, ETA 0m48s",
                "data: 8/100 lines (8.0%), 2.0 lines/s, ETA 0m46s",
                "data: 10/100 lines (10.0%), 2.0 lines/s, ETA 0m45s");
    }

    @Test
    void formatsLongDurationsInHours() {
        assertThat(ProgressReporter.formatDuration(59)).isEqualTo("0m59s");
        assertThat(ProgressReporter.formatDuration(3725)).isEqualTo("1h02m");
    }
}
