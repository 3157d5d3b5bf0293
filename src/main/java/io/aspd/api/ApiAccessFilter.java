package io.aspd.api;

import io.aspd.config.AspdProperties;
import io.aspd.serving.ClientRateLimits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the API (not actuator, so that probes and scrapers need no key): the Bearer API key when keys are configured
 * (any or no Authorization header is accepted otherwise, as OpenAI clients always send one), then the per-client rate
 * limit. Runs after the CORS filter, so that browser preflights are answered without a key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiAccessFilter implements WebFilter {
    private static final String BEARER = "Bearer ";
    private static final List<String> API_PATHS = List.of("/v1/", ApiRoutes.TOKENIZE, ApiRoutes.DETOKENIZE);

    private final List<byte[]> apiKeys;
    private final ClientRateLimits rateLimits;

    ApiAccessFilter(AspdProperties properties, ClientRateLimits rateLimits) {
        this.apiKeys = properties.security().apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.rateLimits = rateLimits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!isApi(path) || HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod())) {
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

    private static boolean isApi(String path) {
        return API_PATHS.stream().anyMatch(prefix -> prefix.endsWith("/") ? path.startsWith(prefix) : path.equals(prefix));
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
