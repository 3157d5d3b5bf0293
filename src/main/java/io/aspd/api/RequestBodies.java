package io.aspd.api;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads JSON request bodies with {@link WireJson}, whatever Content-Type the client sent (curl's {@code -d} sends a form
 * type), so that every mistake in a body becomes the same OpenAI-style 400.
 */
@Component
class RequestBodies {
    private final WireJson json;

    RequestBodies(WireJson json) {
        this.json = json;
    }

    /** Where the body limit is configured; named in the 413 so that an operator knows what to raise. */
    static final String BODY_LIMIT_PROPERTY = "spring.http.codecs.max-in-memory-size";

    <T> Mono<T> read(ServerRequest request, Class<T> type) {
        try {
            request.headers().contentType(); // the codecs parse it too, and would fail with an internal error
        } catch (InvalidMediaTypeException e) {
            // the body is read and dropped first: closing a connection with unread input resets it, and the client
            // would lose the answer
            return request.exchange().getRequest().getBody().doOnNext(DataBufferUtils::release)
                    .then(Mono.error(ApiException.unsupportedMediaType("The Content-Type header could not be parsed;"
                            + " send 'Content-Type: application/json'.")));
        }
        return request.bodyToMono(byte[].class)
                .onErrorMap(DataBufferLimitException.class, e -> bodyTooLarge())
                .switchIfEmpty(Mono.error(() -> ApiException.malformedJson(
                        "The request body is empty; send a JSON object.")))
                .map(body -> json.read(body, type));
    }

    static ApiException bodyTooLarge() {
        return ApiException.bodyTooLarge("The request body is larger than this server accepts ("
                + BODY_LIMIT_PROPERTY + ").");
    }
}
