package io.aspd.api;

import io.aspd.engine.TokenLogprob;

/**
 * A visible token's log-probability, the text it stands for in the choice's content (which the wire shows as the
 * token, so that the tokens join to the content) and where that text starts.
 */
record PositionedLogprob(String text, TokenLogprob logprob, int textOffset) {
}
