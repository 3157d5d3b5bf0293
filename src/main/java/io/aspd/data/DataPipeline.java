package io.aspd.data;

import io.aspd.data.convert.AnswerConverter;
import io.aspd.data.convert.Conversion;
import io.aspd.data.convert.Rejection;
import io.aspd.data.convert.RejectionReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Converts a chat JSONL file record by record. Records are converted by {@code workers} threads (LLM calls dominate) and
 * written in input order, at most {@code 2 x workers} ahead of the writer, each as one flushed line, so an interrupted run
 * leaves a prefix of the final output that {@code --resume} continues. Every well-formed input line yields exactly one
 * output line: a conversion that throws keeps its record serial. Malformed lines are reported with their number and
 * skipped. Only the calling thread writes and prints.
 */
final class DataPipeline {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    private static final Set<RejectionReason> LOGGED = Set.of(RejectionReason.ENDPOINT_FAILED,
            RejectionReason.INTERNAL_ERROR);

    private final AnswerConverter converter;
    private final String mode;
    private final int workers;
    private final PrintWriter err;
    private final LongSupplier nanoClock;

    DataPipeline(AnswerConverter converter, String mode, int workers, PrintWriter err, LongSupplier nanoClock) {
        this.converter = Objects.requireNonNull(converter, "converter");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker, got " + workers);
        }
        this.workers = workers;
        this.err = Objects.requireNonNull(err, "err");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    private record Pending(ChatRecord record, Future<Conversion> conversion) {
    }

    RunStatistics run(Path input, Path output, OutputFile.ResumePoint resume) {
        RunStatistics statistics = new RunStatistics(resume);
        ProgressReporter progress = new ProgressReporter(countLinesToDo(input, resume), err, nanoClock,
                PROGRESS_INTERVAL);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "data-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Deque<Pending> pending = new ArrayDeque<>();
        try (BufferedReader in = reader(input);
             Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (line <= resume.lastInputLine() || text.isBlank()) {
                    continue;
                }
                ChatRecord record;
                try {
                    record = ChatRecord.parse(line, text);
                } catch (ChatRecord.MalformedRecordException e) {
                    statistics.malformedLine();
                    err.println("data: line " + line + " skipped: " + e.getMessage());
                    progress.advance();
                    continue;
                }
                pending.add(new Pending(record, pool.submit(() -> convertSafely(record))));
                while (pending.size() >= 2 * workers) {
                    write(pending.poll(), out, statistics, progress);
                }
            }
            while (!pending.isEmpty()) {
                write(pending.poll(), out, statistics, progress);
            }
        } catch (IOException e) {
            throw new DataException("I/O error: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        progress.finish();
        return statistics;
    }

    private Conversion convertSafely(ChatRecord record) {
        try {
            return converter.convert(record.question(), record.answer());
        } catch (RuntimeException e) {
            return Conversion.serial(record.answer(), List.of(new Rejection(RejectionReason.INTERNAL_ERROR,
                    e.toString())));
        }
    }

    private void write(Pending next, Writer out, RunStatistics statistics, ProgressReporter progress)
            throws IOException {
        Conversion conversion;
        try {
            conversion = next.conversion().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted at input line " + next.record().line(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("conversions never throw", e.getCause());
        }
        out.write(OutputRecord.toJsonLine(next.record(), conversion, mode));
        out.write('\n');
        out.flush();
        statistics.add(conversion);
        conversion.rejections().stream().filter(r -> LOGGED.contains(r.reason())).forEach(r ->
                err.println("data: line " + next.record().line() + (conversion.isParallel() ? ": " : " kept serial: ")
                        + r));
        progress.advance();
    }

    /** Non-blank input lines after the resume point: the progress total. */
    private static long countLinesToDo(Path input, OutputFile.ResumePoint resume) {
        try (BufferedReader in = reader(input)) {
            long count = 0;
            int line = 0;
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (line > resume.lastInputLine() && !text.isBlank()) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new DataException("cannot read input " + input + ": " + e, e);
        }
    }

    /** Invalid UTF-8 becomes U+FFFD rather than ending the run. */
    private static BufferedReader reader(Path input) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(input), StandardCharsets.UTF_8));
    }
}
