package io.aspd.bench;

import java.util.Arrays;

/**
 * One streamed chat answer as the load's client saw it.
 *
 * @param request          its index in the load (the same index gets the same prompt at every concurrency)
 * @param sentNanos        when the request was sent ({@link System#nanoTime()})
 * @param contentNanos     when each chunk that carried answer text arrived, in order
 * @param text             the answer, joined from its chunks
 * @param completionTokens what the server counted in the usage chunk (markup included)
 */
record StreamedAnswer(int request, long sentNanos, long[] contentNanos, String text, int completionTokens) {

    StreamedAnswer {
        contentNanos = contentNanos.clone();
    }

    boolean hasText() {
        return contentNanos.length > 0;
    }

    /** Time to first token: from sending the request to the first chunk with text (an empty answer has none). */
    long timeToFirstTokenNanos() {
        if (!hasText()) {
            throw new IllegalStateException("request " + request + " got no text");
        }
        return contentNanos[0] - sentNanos;
    }

    /**
     * Inter-token latencies: the gaps between consecutive chunks with text. A chunk may carry more than one token (a
     * block's branch is released as a whole), so these are gaps between what the client could show, as vLLM's
     * benchmark measures them.
     */
    long[] interTokenNanos() {
        long[] gaps = new long[Math.max(0, contentNanos.length - 1)];
        Arrays.setAll(gaps, i -> contentNanos[i + 1] - contentNanos[i]);
        return gaps;
    }
}
