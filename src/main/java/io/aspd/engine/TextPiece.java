package io.aspd.engine;

/**
 * A piece of the visible answer in document order. {@code logprob} is the token this text came from, when
 * log-probabilities were asked for and the piece is the first text of that token (a separator between branches or the
 * rest of a token split by a stop-string check carries none).
 */
public record TextPiece(String text, TokenLogprob logprob) {
    public static TextPiece of(String text) {
        return new TextPiece(text, null);
    }
}
