package io.aspd.model;

/**
 * A model folder cannot be used: a file is missing or unreadable, the architecture is not supported, or a tensor is
 * missing, malformed or of the wrong shape. The message names the file or tensor and what was expected, because it is
 * usually read by an operator who has to fix the folder.
 */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
