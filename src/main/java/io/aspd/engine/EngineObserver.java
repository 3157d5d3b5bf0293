package io.aspd.engine;

/** Hooks for metrics: what the engine does, step by step. Called on the engine thread; must be cheap. */
public interface EngineObserver {
    EngineObserver NONE = new EngineObserver() {
    };

    /** A generation left the waiting queue and joined the running batch after {@code queueNanos}. */
    default void onStarted(long queueNanos) {
    }

    /** One forward ran for {@code sequences} sequences and {@code rows} rows in total. */
    default void onStep(int sequences, int rows, long nanos) {
    }

    /** A generation ended. */
    default void onFinished(GenerationResult result) {
    }
}
