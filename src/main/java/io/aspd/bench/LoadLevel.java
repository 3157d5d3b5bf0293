package io.aspd.bench;

import java.util.List;
import java.util.stream.LongStream;

/**
 * What one concurrency level of the load measured: every answer and the wall time from the first request sent to the
 * last answer received.
 *
 * @param clients   clients sending at the same time, each one request after another
 * @param answers   in request order
 * @param wallNanos the level's duration
 */
record LoadLevel(int clients, List<StreamedAnswer> answers, long wallNanos) {

    LoadLevel {
        answers = List.copyOf(answers);
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("a level takes time");
        }
    }

    long completionTokens() {
        return answers.stream().mapToLong(StreamedAnswer::completionTokens).sum();
    }

    /** Completion tokens of all clients together per second of wall time. */
    double tokensPerSecond() {
        return completionTokens() / (wallNanos / 1e9);
    }

    Latencies timeToFirstToken() {
        return new Latencies(answers.stream().filter(StreamedAnswer::hasText)
                .mapToLong(StreamedAnswer::timeToFirstTokenNanos).toArray());
    }

    /** Inter-token latencies of every answer, pooled. */
    Latencies interToken() {
        return new Latencies(answers.stream().flatMapToLong(a -> LongStream.of(a.interTokenNanos())).toArray());
    }

    /** Whether every request got the same text as the same request did in {@code reference}. */
    boolean sameTextsAs(LoadLevel reference) {
        if (reference.answers.size() != answers.size()) {
            return false;
        }
        for (int i = 0; i < answers.size(); i++) {
            if (!answers.get(i).text().equals(reference.answers.get(i).text())) {
                return false;
            }
        }
        return true;
    }
}
