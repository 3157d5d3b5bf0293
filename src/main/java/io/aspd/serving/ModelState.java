package io.aspd.serving;

/** Where the served model is in its life. */
public enum ModelState {
    /** Reading the folder, building the engine or running the warm-up generation. */
    LOADING,
    /** Answering requests. */
    READY,
    /** Loading failed; the server cannot answer. */
    FAILED,
    /** Shut down. */
    CLOSED
}
