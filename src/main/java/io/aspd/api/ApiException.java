package io.aspd.api;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * A request the API answers with an OpenAI error body instead of a result. Carries everything the body and headers need
 * (status, type, param, code, Retry-After); {@link ApiErrorHandler} is the one place that writes it.
 */
public final class ApiException extends RuntimeException {
    public static final String INVALID_REQUEST = "invalid_request_error";

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;
    private final Duration retryAfter;

    private ApiException(HttpStatus status, String type, String param, String code, String message,
                         Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** A parameter has a value the server cannot accept (400). */
    public static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, param, "invalid_value", message, null);
    }

    /** A parameter has the wrong JSON type (400). */
    public static ApiException invalidType(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, param, "invalid_type", message, null);
    }

    /** The body is not JSON, or not a JSON object (400). */
    public static ApiException malformedJson(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, null, "invalid_json", message, null);
    }

    /** A parameter that would change the answer's meaning, which this server does not implement (400). */
    public static ApiException unsupported(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, param, "unsupported_parameter", message, null);
    }

    /** The prompt plus the completion budget do not fit the context (400). */
    public static ApiException contextLengthExceeded(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, param, "context_length_exceeded", message,
                null);
    }

    /** The body is larger than the server reads (413). */
    public static ApiException bodyTooLarge(String message) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, INVALID_REQUEST, null, "request_too_large", message,
                null);
    }

    /** The request body stalled or took longer than the server waits for it (408). */
    public static ApiException requestTimeout() {
        return new ApiException(HttpStatus.REQUEST_TIMEOUT, INVALID_REQUEST, null, "request_timeout",
                "The request body did not arrive in time (aspd.api.body-read-timeout, aspd.api.body-timeout).", null);
    }

    /** The Content-Type header cannot be parsed (415). */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, INVALID_REQUEST, null, "unsupported_media_type",
                message, null);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(HttpStatus.NOT_FOUND, INVALID_REQUEST, "model", "model_not_found",
                "The model '" + model + "' does not exist", null);
    }

    public static ApiException routeNotFound(String method, String path) {
        return new ApiException(HttpStatus.NOT_FOUND, INVALID_REQUEST, null, "unknown_url",
                "Invalid URL (" + method + " " + path + ")", null);
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, INVALID_REQUEST, null, "method_not_allowed",
                "Method " + method + " is not allowed for " + path, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, INVALID_REQUEST, null, "invalid_api_key", message, null);
    }

    /** The client sent more requests than its rate limit allows (429). */
    public static ApiException rateLimited(Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", null, "rate_limit_exceeded",
                "Rate limit reached; retry after " + retryAfterSeconds(retryAfter) + " s", retryAfter);
    }

    /** Every generation slot is busy and the waiting queue is full (429). */
    public static ApiException queueFull(Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "server_overloaded", null, "queue_full",
                "The server is at capacity and its queue is full; retry after " + retryAfterSeconds(retryAfter) + " s",
                retryAfter);
    }

    /** The request waited in the queue for as long as allowed without getting a slot (503). */
    public static ApiException queueTimeout(Duration waited, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_overloaded", null, "queue_timeout",
                "No generation slot became free within " + waited.toMillis() + " ms; retry after "
                        + retryAfterSeconds(retryAfter) + " s", retryAfter);
    }

    /** The model is still loading or warming up (503). */
    public static ApiException loading(Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", null, "model_loading",
                "The model is loading; retry after " + retryAfterSeconds(retryAfter) + " s", retryAfter);
    }

    /** The server failed; the message says nothing about its internals (500). */
    public static ApiException internal() {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", null, null,
                "The server had an error while processing your request", null);
    }

    /** Any other HTTP status raised by the web layer, with its own reason. */
    public static ApiException ofStatus(HttpStatus status, String message) {
        return new ApiException(status, status.is4xxClientError() ? INVALID_REQUEST : "server_error", null, null,
                message, null);
    }

    /** A fault of the server itself, as opposed to a client's mistake or an expected condition (overload, loading). */
    public boolean isInternal() {
        return status == HttpStatus.INTERNAL_SERVER_ERROR;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whole seconds for the Retry-After header: rounded up, at least 1. */
    public static long retryAfterSeconds(Duration retryAfter) {
        long millis = Math.max(1, retryAfter.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
