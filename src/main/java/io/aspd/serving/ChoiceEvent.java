package io.aspd.serving;

import io.aspd.engine.GenerationResult;
import io.aspd.engine.TextPiece;

/** Output of one choice of a request: visible text in document order, then its end. */
public sealed interface ChoiceEvent {
    /** The choice's index in the response. */
    int choice();

    record Text(int choice, TextPiece piece) implements ChoiceEvent {
    }

    /**
     * The choice ended. A result whose finish reason is {@code CANCELLED} was cut by the request's deadline (a client
     * that went away sees no events at all).
     */
    record Finished(int choice, GenerationResult result) implements ChoiceEvent {
    }
}
