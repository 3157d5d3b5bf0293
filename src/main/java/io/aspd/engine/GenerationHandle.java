package io.aspd.engine;

/** A submitted generation. Cancelling stops it at the engine's next step and frees its KV cache. */
public interface GenerationHandle {
    void cancel();
}
