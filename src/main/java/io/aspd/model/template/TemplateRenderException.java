package io.aspd.model.template;

/**
 * A chat template could not be rendered, or refused the conversation with {@code raise_exception} (then the message is
 * the template's own text).
 */
public final class TemplateRenderException extends RuntimeException {

    TemplateRenderException(String message) {
        super(message);
    }
}
