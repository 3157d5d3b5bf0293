package io.aspd.model.template;

/**
 * An error Python would raise while rendering (a bad argument to a string method, an unserialisable value for
 * {@code tojson}, a call the immutable sandbox refuses). Not an {@link IllegalArgumentException}: Jinjava swallows
 * those from method calls and renders nothing instead of failing.
 */
final class PythonError extends RuntimeException {

    PythonError(String message) {
        super(message);
    }
}
