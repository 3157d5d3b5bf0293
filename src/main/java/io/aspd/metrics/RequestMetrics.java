package io.aspd.metrics;

import io.aspd.serving.ChoiceEvent;

/**
 * Latencies of one request: time to first visible text, gaps between pieces of each choice, end to end. Events arrive
 * on the engine thread only, so the fields need no synchronisation.
 */
public final class RequestMetrics {
    private final long arrivedNanos;
    private final ServingMetrics meters;
    private final long[] lastTextNanos;
    private boolean firstTextSeen;

    RequestMetrics(int choices, long arrivedNanos, ServingMetrics meters) {
        this.arrivedNanos = arrivedNanos;
        this.meters = meters;
        this.lastTextNanos = new long[choices];
    }

    /** The request got its admission permit after waiting {@code queueNanos}. */
    public void admitted(long queueNanos) {
        meters.recordAdmissionWait(queueNanos);
    }

    /** Sees every event of the request, on the engine thread, as it is produced. */
    public void onEvent(ChoiceEvent event) {
        if (!(event instanceof ChoiceEvent.Text)) {
            return;
        }
        long now = System.nanoTime();
        if (!firstTextSeen) {
            firstTextSeen = true;
            meters.recordTimeToFirstToken(now - arrivedNanos);
        }
        long previous = lastTextNanos[event.choice()];
        if (previous != 0) {
            meters.recordInterTokenLatency(now - previous);
        }
        lastTextNanos[event.choice()] = now;
    }

    /** The whole response has been produced. */
    public void completed() {
        meters.recordEndToEnd(System.nanoTime() - arrivedNanos);
    }
}
