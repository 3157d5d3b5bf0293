package io.aspd.api;

import io.aspd.serving.Admission;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A response that closes its admission permit once it has been written, failed or been abandoned. The generations
 * close the permit themselves when they end; this covers a response whose body was never subscribed (the client left
 * between admission and the first write), which would otherwise hold its room forever. Closing only says that no more
 * generations will start: the room comes back when the engine holds none of the request's generations.
 */
final class PermitReleasingResponse implements ServerResponse {
    private final ServerResponse delegate;
    private final Admission.Permit permit;

    PermitReleasingResponse(ServerResponse delegate, Admission.Permit permit) {
        this.delegate = delegate;
        this.permit = permit;
    }

    @Override
    public HttpStatusCode statusCode() {
        return delegate.statusCode();
    }

    @Override
    public HttpHeaders headers() {
        return delegate.headers();
    }

    @Override
    public MultiValueMap<String, ResponseCookie> cookies() {
        return delegate.cookies();
    }

    @Override
    public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
        return delegate.writeTo(exchange, context).doFinally(signal -> permit.close());
    }
}
