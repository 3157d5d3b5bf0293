package io.aspd.api;

import io.aspd.serving.AdmissionRejected;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * The one place where exceptions become HTTP responses, for everything the server answers (routes, filters, the
 * framework's own 404/405/413): an OpenAI error body, the status the error calls for, Retry-After where waiting
 * helps, and never a stack trace. It runs before Spring Boot's default handler, which would answer in another shape.
 * A response that has already started (a stream) cannot change its status; its connection is closed instead.
 */
@Component
@Order(-2)
class ApiErrorHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final WireJson json;

    ApiErrorHandler(WireJson json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (clientIsGone(error)) { // nothing can be sent to it, and nothing failed on this side
            log.info("{} {}: the client closed the connection ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), error.getClass().getSimpleName());
            return Mono.empty();
        }
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ApiException api = toApiException(exchange, error);
        if (api.isInternal()) { // a fault of the server: the whole story, for whoever fixes it
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        } else if (api.status().is5xxServerError()) { // expected under load or while loading: one line
            log.warn("{} {} -> {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    api.status().value(), api.getMessage());
        } else {
            log.debug("{} {} -> {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    api.status().value(), api.getMessage());
        }
        response.setStatusCode(api.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        api.retryAfter().ifPresent(wait -> headers.set(HttpHeaders.RETRY_AFTER,
                Long.toString(ApiException.retryAfterSeconds(wait))));
        if (api.status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        byte[] body = json.writeBytes(ErrorResponse.of(api));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static ApiException toApiException(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof AdmissionRejected rejected) {
            return rejected.reason() == AdmissionRejected.Reason.QUEUE_FULL
                    ? ApiException.queueFull(rejected.retryAfter())
                    : ApiException.queueTimeout(rejected.waited(), rejected.retryAfter());
        }
        if (hasCause(error, DataBufferLimitException.class)) {
            return RequestBodies.bodyTooLarge();
        }
        if (bodyTimedOut(error)) {
            return ApiException.requestTimeout(); // the connection is closed right after (ConnectionTimeouts)
        }
        if (hasCause(error, InvalidMediaTypeException.class)) {
            return ApiException.ofStatus(HttpStatus.BAD_REQUEST, "A media type header (Content-Type or Accept) could"
                    + " not be parsed.");
        }
        if (error instanceof ResponseStatusException status) {
            String method = exchange.getRequest().getMethod().name();
            String path = exchange.getRequest().getPath().value();
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            if (code == HttpStatus.NOT_FOUND) {
                return ApiException.routeNotFound(method, path);
            }
            if (code == HttpStatus.METHOD_NOT_ALLOWED) {
                return ApiException.methodNotAllowed(method, path);
            }
            if (code != null && code.is4xxClientError()) {
                return ApiException.ofStatus(code, status.getReason() != null ? status.getReason() : code.getReasonPhrase());
            }
        }
        return ApiException.internal();
    }

    /** A slow client cut by a timeout, or a client that left: expected ends of a connection, not faults. */
    static boolean isExpectedConnectionEnd(Throwable error) {
        return clientIsGone(error) || bodyTimedOut(error);
    }

    /** Reactor Netty's read timeout, or its request timeout (whose exception class is not public). */
    private static boolean bodyTimedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReadTimeoutException
                    || cause.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** The client closed or reset its connection before the answer was written. */
    private static boolean clientIsGone(Throwable error) {
        return hasCause(error, AbortedException.class) || hasCause(error, ClosedChannelException.class)
                || AbortedException.isConnectionReset(error);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
