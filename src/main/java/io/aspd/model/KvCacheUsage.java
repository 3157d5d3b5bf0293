package io.aspd.model;

/**
 * How full a model's KV cache pool is, in token slots.
 *
 * @param usedSlots slots holding keys and values of open caches (the sum of their lengths)
 * @param reservedSlots slots of the blocks open caches hold, used or not: what no other sequence can have
 * @param totalSlots the pool's size
 */
public record KvCacheUsage(long usedSlots, long reservedSlots, long totalSlots) {

    /** Reserved over total, in [0, 1]: the measure vLLM reports as {@code kv_cache_usage_perc}. */
    public double reservedFraction() {
        return totalSlots == 0 ? 0 : (double) reservedSlots / totalSlots;
    }
}
