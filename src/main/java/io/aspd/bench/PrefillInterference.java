package io.aspd.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * A long prompt arriving while streams decode (issue 15): {@code streams} streaming chat requests start together
 * (greedy, ASPD off, so that every chunk they receive is one engine step's token); once every one has shown its first
 * token, a text completion of exactly the long prompt's tokens arrives. Its prefill can only delay the stream chunks
 * that arrive while it is served, so the streams' inter-token gaps are split into those that end between its arrival
 * and the end of its answer (the window) and the rest (undisturbed decoding).
 */
final class PrefillInterference {
    static final String MARKDOWN_FILE = "prefill-interference.md";
    /** The long prompt's answer budget: small, so that its prefill is most of the window. */
    static final int LONG_ANSWER_TOKENS = 16;
    private static final long START_TIMEOUT_SECONDS = 120;

    /**
     * One trial.
     *
     * @param prefill         how the server prefilled ("chunked", "one-shot")
     * @param windowGaps      the streams' gaps that ended while the long prompt was served
     * @param undisturbedGaps the streams' other gaps
     * @param longTtftNanos   the long prompt's time to first token
     * @param texts           the streams' answers, then the long prompt's
     */
    record Trial(String prefill, long[] windowGaps, long[] undisturbedGaps, long longTtftNanos, List<String> texts) {
    }

    private PrefillInterference() {
    }

    /** Runs one trial against the server {@code load} talks to; the streams ask the load's first prompts. */
    static Trial run(String prefill, ConcurrencyBenchmark load, int streams, int[] longPrompt)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(streams);
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            List<Future<StreamedAnswer>> running = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int index = i;
                running.add(pool.submit(() -> load.sendSerial(index, started::countDown)));
            }
            if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every stream showed text within " + START_TIMEOUT_SECONDS + " s");
            }
            long arrived = System.nanoTime();
            StreamedAnswer late = load.sendTokens(streams, longPrompt, LONG_ANSWER_TOKENS);
            long served = System.nanoTime();
            List<StreamedAnswer> answers = new ArrayList<>();
            for (Future<StreamedAnswer> stream : running) {
                answers.add(stream.get());
            }
            if (!late.hasText()) {
                throw new IllegalStateException("the long prompt's answer has no text, so no time to first token");
            }
            List<String> texts = new ArrayList<>(answers.stream().map(StreamedAnswer::text).toList());
            texts.add(late.text());
            return new Trial(prefill, gaps(answers, arrived, served, true), gaps(answers, arrived, served, false),
                    late.timeToFirstTokenNanos(), texts);
        } catch (ExecutionException | IOException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("a request of the trial failed: " + cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The gaps between consecutive chunks of every answer whose later chunk arrived in (from, to], or all others. */
    static long[] gaps(List<StreamedAnswer> answers, long from, long to, boolean inWindow) {
        LongStream.Builder gaps = LongStream.builder();
        for (StreamedAnswer answer : answers) {
            long[] arrivals = answer.contentNanos();
            for (int i = 1; i < arrivals.length; i++) {
                boolean inside = arrivals[i] > from && arrivals[i] <= to;
                if (inside == inWindow) {
                    gaps.add(arrivals[i] - arrivals[i - 1]);
                }
            }
        }
        return gaps.build().toArray();
    }

    /** Whether every trial wrote the texts of the first trial. */
    static boolean identicalTexts(List<Trial> trials) {
        return trials.stream().allMatch(trial -> trial.texts().equals(trials.get(0).texts()));
    }

    /** One row per trial, then one per prefill over all its trials. */
    static String table(List<Trial> trials) {
        StringBuilder out = new StringBuilder();
        out.append("| prefill | trial | gaps in window | ITL p50 ms | ITL p99 ms | max gap ms | p99 / p50 "
                + "| undisturbed ITL p50 / p99 ms | p99 / undisturbed p50 | long prompt TTFT p50 ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> prefills = trials.stream().map(Trial::prefill).distinct().toList();
        for (String prefill : prefills) {
            List<Trial> own = trials.stream().filter(t -> t.prefill().equals(prefill)).toList();
            for (int i = 0; i < own.size(); i++) {
                Trial trial = own.get(i);
                row(out, prefill, String.valueOf(i + 1), trial.windowGaps(), trial.undisturbedGaps(),
                        new long[] {trial.longTtftNanos()});
            }
        }
        for (String prefill : prefills) {
            List<Trial> own = trials.stream().filter(t -> t.prefill().equals(prefill)).toList();
            row(out, prefill, "all", own.stream().flatMapToLong(t -> LongStream.of(t.windowGaps())).toArray(),
                    own.stream().flatMapToLong(t -> LongStream.of(t.undisturbedGaps())).toArray(),
                    own.stream().mapToLong(Trial::longTtftNanos).toArray());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String prefill, String trial, long[] window, long[] undisturbed,
                            long[] longTtft) {
        Latencies inWindow = new Latencies(window);
        Latencies outside = new Latencies(undisturbed);
        Latencies ttft = new Latencies(longTtft);
        if (inWindow.count() == 0 || outside.count() == 0) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | - | - | - | - | - | - | %.1f |%n", prefill, trial,
                    inWindow.count(), ttft.percentileMillis(50)));
            return;
        }
        double p50 = inWindow.percentileMillis(50);
        double p99 = inWindow.percentileMillis(99);
        double undisturbedP50 = outside.percentileMillis(50);
        out.append(String.format(Locale.ROOT,
                "| %s | %s | %d | %.1f | %.1f | %.1f | %.2fx | %.1f / %.1f | %.2fx | %.1f |%n", prefill, trial,
                inWindow.count(), p50, p99, inWindow.percentileMillis(100), p99 / p50, undisturbedP50,
                outside.percentileMillis(99), p99 / undisturbedP50, ttft.percentileMillis(50)));
    }
}
