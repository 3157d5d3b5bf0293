package io.aspd.data;

/** A fatal problem with the run as a whole (files, resumption); the command prints the message and exits with 1. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
