package io.aspd.model.template;

/** Thrown by a template's {@code raise_exception(message)}; the message is the template's own words. */
final class TemplateRaisedException extends RuntimeException {

    TemplateRaisedException(String message) {
        super(message);
    }
}
