package io.aspd.api;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every response an {@code x-request-id} header (the OpenAI SDKs expose it as the response's request id): the
 * client's own, when it sent a short plain one, so that both sides log the same id; otherwise a new one. Runs first,
 * so that rejected requests (401, 429, CORS) carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {
    static final String HEADER = "x-request-id";
    /** What is echoed: no spaces, quotes or control characters that could forge log lines or other headers. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String offered = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered
                : "req_" + UUID.randomUUID().toString().replace("-", "");
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange);
    }
}
