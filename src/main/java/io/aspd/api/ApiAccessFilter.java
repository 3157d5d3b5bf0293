package io.aspd.api;

import io.aspd.config.AspdProperties;
import io.aspd.serving.ClientRateLimits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards every request, denying by default: the Bearer API key when keys are configured (any or no Authorization header
 * is accepted otherwise, as OpenAI clients always send one), then the per-client rate limit. Only the read-only probes
 * and scrapes in {@link #PUBLIC_READS} (and CORS preflights, answered by the CORS filter that runs first) pass without
 * a key.
 * <p>
 * Public paths are compared with the raw request path, character for character, rather than with a decoded or
 * normalized one: the router decodes percent-escapes and drops {@code ;matrix} parameters, so any spelling other than
 * the plain one ({@code /%61ctuator/env}, {@code /v1;x=1/models}, {@code //v1/models}, ...) must not be mistaken for a
 * public path. A spelling the router reads as an API route is therefore never public, and the key check cannot be
 * skipped by spelling.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiAccessFilter implements WebFilter {
    private static final String BEARER = "Bearer ";
    /** Kubernetes probes, the container health check and metric scrapers call these without a key. */
    static final Set<String> PUBLIC_READS = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness", "/actuator/info", "/actuator/prometheus", "/actuator/aspd");

    private final List<byte[]> apiKeys;
    private final ClientRateLimits rateLimits;

    ApiAccessFilter(AspdProperties properties, ClientRateLimits rateLimits) {
        this.apiKeys = properties.security().apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.rateLimits = rateLimits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isPublic(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        try {
            String client = apiKeys.isEmpty() ? address(exchange) : authenticate(exchange);
            Optional<Duration> wait = rateLimits.tryAcquire(client);
            return wait.isPresent() ? Mono.error(ApiException.rateLimited(wait.get())) : chain.filter(exchange);
        } catch (ApiException e) {
            return Mono.error(e);
        }
    }

    private static boolean isPublic(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        if (HttpMethod.OPTIONS.equals(method)) {
            return true;
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        return read && PUBLIC_READS.contains(request.getPath().value());
    }

    /** Returns the client's key when it is one of the configured keys. */
    private String authenticate(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("You didn't provide an API key. Send it in the Authorization header as"
                    + " 'Bearer YOUR_KEY'.");
        }
        String key = header.substring(BEARER.length()).trim();
        byte[] offered = key.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] candidate : apiKeys) {
            known |= MessageDigest.isEqual(candidate, offered); // constant time, and every key is compared
        }
        if (!known) {
            throw ApiException.unauthorized("Incorrect API key provided.");
        }
        return key;
    }

    private static String address(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getRemoteAddress())
                .map(InetSocketAddress::getAddress)
                .map(a -> a.getHostAddress())
                .orElse("unknown");
    }
}
