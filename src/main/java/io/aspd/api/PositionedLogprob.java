package io.aspd.api;

import io.aspd.engine.TokenLogprob;

/** A visible token's log-probability and where its text starts in the choice's text. */
record PositionedLogprob(TokenLogprob logprob, int textOffset) {
}
