package io.aspd.engine;

/** Hooks for metrics: what the engine does, step by step. Called on the engine thread; must be cheap. */
public interface EngineObserver {
    EngineObserver NONE = new EngineObserver() {
    };

    /** A generation left the waiting queue and joined the running batch after {@code queueNanos}. */
    default void onStarted(long queueNanos) {
    }

    /**
     * A generation looked its prompt up in the prefix cache as it joined the batch (only when the model caches
     * prefixes): {@code cachedTokens} of its {@code promptTokens} were found computed and are not prefilled again.
     */
    default void onPrefixCacheLookup(int promptTokens, int cachedTokens) {
    }

    /** One forward ran for {@code sequences} sequences and {@code rows} rows in total. */
    default void onStep(int sequences, int rows, long nanos) {
    }

    /** A generation ended. */
    default void onFinished(GenerationResult result) {
    }
}
