package io.aspd.model;

/**
 * How full a model's KV cache pool is, in token slots.
 *
 * @param usedSlots slots holding keys and values of open caches (the sum of their lengths: a prefix shared by several
 *     caches counts once for each)
 * @param reservedSlots slots of the blocks open caches hold, used or not: what no other sequence can have
 * @param cachedSlots slots of blocks no open cache holds that keep a cached prompt prefix: free to be taken (evicted)
 *     when a cache needs room, reused when a prompt starts with that prefix
 * @param totalSlots the pool's size
 */
public record KvCacheUsage(long usedSlots, long reservedSlots, long cachedSlots, long totalSlots) {

    /**
     * Reserved over total, in [0, 1]: the measure vLLM reports as {@code kv_cache_usage_perc} (which, as here, counts
     * cached blocks no request holds as free).
     */
    public double reservedFraction() {
        return totalSlots == 0 ? 0 : (double) reservedSlots / totalSlots;
    }
}
