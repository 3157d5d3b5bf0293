package io.aspd.data;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr, at most once per interval and once at the end:
 * {@code data: 340/1000 lines (34.0%), 5.2 lines/s, ETA 2m07s}. The rate is over this run's lines so far.
 */
final class ProgressReporter {
    private final long total;
    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final long startNanos;
    private long lastPrintNanos;
    private long done;

    ProgressReporter(long total, PrintWriter err, LongSupplier nanoClock, Duration interval) {
        this.total = total;
        this.err = err;
        this.nanoClock = nanoClock;
        this.intervalNanos = interval.toNanos();
        this.startNanos = nanoClock.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    void advance() {
        done++;
        long now = nanoClock.getAsLong();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            err.println(line(now));
            err.flush();
        }
    }

    void finish() {
        err.println(line(nanoClock.getAsLong()));
        err.flush();
    }

    String line(long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? formatDuration(Math.round((total - done) / rate)) : "unknown";
        return String.format(Locale.ROOT, "data: %d/%d lines (%.1f%%), %.1f lines/s, ETA %s", done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate, eta);
    }

    static String formatDuration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
