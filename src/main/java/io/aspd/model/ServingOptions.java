package io.aspd.model;

/**
 * How a {@link CausalLm} serves, beyond its weights.
 *
 * @param kvTokenBudget token slots of the KV cache pool shared by all its caches; 0 = {@link
 *     CausalLm#defaultKvTokenBudget}
 * @param halfPrecisionLmHead keep a float16 copy of the LM head and use it for forwards that want logits for at most
 *     {@link CausalLm#HALF_PRECISION_LM_HEAD_MAX_ROWS} rows: at one row the product reads half the bytes (at the
 *     Qwen2.5-0.5B shape about 2.5x faster), while logits move by about 1e-3 of their scale (float16 weights and
 *     activations, float32 accumulation). Costs vocabulary x hidden x 2 bytes of memory.
 * @param prefixCaching reuse the keys and values of a prompt prefix another cache computed (see {@link PrefixRows}
 *     and {@link KvCache}): full blocks of a causal prefix are recorded and stay cached in the pool until their room
 *     is needed
 */
public record ServingOptions(int kvTokenBudget, boolean halfPrecisionLmHead, boolean prefixCaching) {

    public ServingOptions {
        if (kvTokenBudget < 0) {
            throw new IllegalArgumentException("the KV cache token budget must be >= 0 (0 = default), got "
                    + kvTokenBudget);
        }
    }

    /** With prefix caching. */
    public ServingOptions(int kvTokenBudget, boolean halfPrecisionLmHead) {
        this(kvTokenBudget, halfPrecisionLmHead, true);
    }

    /** The default pool size, float32 LM head, prefix caching. */
    public static ServingOptions defaults() {
        return new ServingOptions(0, false, true);
    }
}
