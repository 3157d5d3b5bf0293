package io.aspd.model;

/**
 * A chat template refused the conversation (its {@code raise_exception} was called, e.g. for an unsupported role) or
 * could not be rendered. It is a client error in the common case, hence an {@link IllegalArgumentException}.
 */
public class ChatTemplateException extends IllegalArgumentException {

    public ChatTemplateException(String message) {
        super(message);
    }
}
