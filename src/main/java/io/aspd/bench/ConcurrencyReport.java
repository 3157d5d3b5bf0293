package io.aspd.bench;

import java.util.List;
import java.util.Locale;

/**
 * The table of a concurrency run. The first level is the reference: one client, one request at a time; every level's
 * throughput is divided by its throughput, and its texts compared with its texts.
 */
final class ConcurrencyReport {
    static final String MARKDOWN_FILE = "concurrency.md";

    private final List<LoadLevel> levels;

    ConcurrencyReport(List<LoadLevel> levels) {
        if (levels.isEmpty() || levels.get(0).clients() != 1) {
            throw new IllegalArgumentException("the first level must be one client at a time");
        }
        this.levels = List.copyOf(levels);
    }

    LoadLevel reference() {
        return levels.get(0);
    }

    /** Whether every level wrote the texts of one-at-a-time decoding. */
    boolean identicalTexts() {
        return levels.stream().allMatch(level -> level.sameTextsAs(reference()));
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| clients | requests | completion tokens | tokens/s | vs one at a time | TTFT p50 ms | TTFT p99 ms"
                + " | ITL p50 ms | ITL p99 ms | texts as one at a time |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        double reference = reference().tokensPerSecond();
        for (LoadLevel level : levels) {
            Latencies ttft = level.timeToFirstToken();
            Latencies itl = level.interToken();
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.2fx | %s | %s | %s | %s | %s |%n",
                    level.clients(), level.answers().size(), level.completionTokens(), level.tokensPerSecond(),
                    level.tokensPerSecond() / reference, millis(ttft, 50), millis(ttft, 99), millis(itl, 50),
                    millis(itl, 99), level.sameTextsAs(reference()) ? "identical" : "DIFFERENT"));
        }
        return out.toString();
    }

    private static String millis(Latencies latencies, int percent) {
        return latencies.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", latencies.percentileMillis(percent));
    }
}
