package io.aspd.engine;

/**
 * A piece of the visible answer in document order. When log-probabilities were asked for, {@code logprob} is the token
 * this text stands for (see {@link VisibleText} for how rendering's joins are attributed), so that the pieces'
 * tokens join to exactly the text; a piece without one (nothing asked for, or the rest of a piece that a stop-string
 * check had to split) carries none.
 */
public record TextPiece(String text, TokenLogprob logprob) {
    public static TextPiece of(String text) {
        return new TextPiece(text, null);
    }
}
