package io.aspd.engine;

/** Why a generation ended. */
public enum FinishReason {
    /** EOS or a stop string. */
    STOP,
    /** max_tokens or the context length. */
    LENGTH,
    /** The client went away or the request's deadline passed. */
    CANCELLED
}
