package io.aspd.serving;

import io.aspd.config.AspdProperties;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The optional request rate limit ({@code aspd.admission.rate-limit}), one Resilience4j {@link RateLimiter} per client
 * (its API key, or its address when the server has no keys). A client that exceeds its rate is told how long to wait
 * instead of being queued. Only the most recently seen clients keep a limiter, so that many addresses cannot grow the
 * table without bound.
 */
@Component
public class ClientRateLimits {
    static final int MAX_TRACKED_CLIENTS = 10_000;

    private final boolean enabled;
    private final RateLimiterConfig config;
    private final Map<String, RateLimiter> limiters = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
                    return size() > MAX_TRACKED_CLIENTS;
                }
            });

    public ClientRateLimits(AspdProperties properties) {
        AspdProperties.RateLimit rateLimit = properties.admission().rateLimit();
        this.enabled = rateLimit.enabled();
        this.config = limiterConfig(rateLimit.requestsPerSecond());
    }

    /**
     * A burst of {@code round(rate)} requests per refresh period, with the period chosen so that the long-run average is
     * exactly {@code requestsPerSecond} (a rate of 0.5 allows one request every two seconds).
     */
    static RateLimiterConfig limiterConfig(double requestsPerSecond) {
        int burst = (int) Math.max(1, Math.round(requestsPerSecond));
        return RateLimiterConfig.custom()
                .limitForPeriod(burst)
                .limitRefreshPeriod(Duration.ofNanos(Math.round(burst * 1e9 / requestsPerSecond)))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Counts one request of {@code client}; returns how long it should wait when it is over its rate. */
    public Optional<Duration> tryAcquire(String client) {
        if (!enabled) {
            return Optional.empty();
        }
        RateLimiter limiter = limiters.computeIfAbsent(client, name -> RateLimiter.of("client", config));
        return limiter.acquirePermission() ? Optional.empty() : Optional.of(config.getLimitRefreshPeriod());
    }
}
