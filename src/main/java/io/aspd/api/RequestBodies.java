package io.aspd.api;

import org.springframework.core.io.buffer.DataBufferLimitException;
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

    <T> Mono<T> read(ServerRequest request, Class<T> type) {
        return request.bodyToMono(byte[].class)
                .onErrorMap(DataBufferLimitException.class, e -> ApiException.bodyTooLarge(
                        "The request body is larger than this server accepts (spring.codec.max-in-memory-size)."))
                .switchIfEmpty(Mono.error(() -> ApiException.malformedJson(
                        "The request body is empty; send a JSON object.")))
                .map(body -> json.read(body, type));
    }
}
