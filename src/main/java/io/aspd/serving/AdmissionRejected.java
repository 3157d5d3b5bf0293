package io.aspd.serving;

import java.time.Duration;

/** A request did not get room to generate: the waiting queue was full, or its wait ran out. */
public final class AdmissionRejected extends RuntimeException {
    /** Why the request was turned away. */
    public enum Reason { QUEUE_FULL, QUEUE_TIMEOUT }

    private final Reason reason;
    private final Duration waited;
    private final Duration retryAfter;

    public AdmissionRejected(Reason reason, Duration waited, Duration retryAfter) {
        super(reason == Reason.QUEUE_FULL ? "the admission queue is full" : "no room within " + waited, null, false,
                false);
        this.reason = reason;
        this.waited = waited;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration waited() {
        return waited;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
