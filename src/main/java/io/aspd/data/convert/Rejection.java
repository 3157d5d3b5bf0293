package io.aspd.data.convert;

import java.util.Objects;

/** One rejected candidate or block: the reason (counted in statistics) and a detail a person can act on. */
public record Rejection(RejectionReason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
