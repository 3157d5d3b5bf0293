package io.aspd.engine;

/**
 * Receives one generation's output. Called on the engine thread: implementations must return quickly and never block
 * (hand the data to a reactive sink or a queue).
 */
public interface GenerationListener {
    /** Visible text in document order. */
    void onText(TextPiece piece);

    /** The generation ended (also when cancelled); nothing follows. */
    void onFinish(GenerationResult result);

    /** The generation failed; nothing follows. */
    void onError(Throwable error);
}
