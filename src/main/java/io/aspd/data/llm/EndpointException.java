package io.aspd.data.llm;

/** A chat endpoint call that failed; {@link #retryable()} says whether trying again may help. */
public class EndpointException extends RuntimeException {
    private final boolean retryable;

    public EndpointException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public EndpointException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
