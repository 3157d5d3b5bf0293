package io.aspd.model;

/** A KV cache needed more slots than its model's pool has free; the cache is left as it was. */
public final class KvPoolExhaustedException extends IllegalStateException {

    private final long requestedSlots;

    KvPoolExhaustedException(long requestedSlots, long freeSlots, long totalSlots) {
        super("the KV cache pool has " + freeSlots + " of " + totalSlots + " slots free, " + requestedSlots
                + " were needed");
        this.requestedSlots = requestedSlots;
    }

    public long requestedSlots() {
        return requestedSlots;
    }
}
