package io.aspd.data.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to call an OpenAI-compatible chat endpoint.
 *
 * @param baseUrl        the API root, as OpenAI clients take it (e.g. {@code http://localhost:8080/v1});
 *                       {@code /chat/completions} is appended
 * @param apiKey         sent as a bearer token when present
 * @param maxAttempts    1 plus the number of retries
 * @param initialBackoff the wait before the first retry; it doubles for each further one
 * @param maxTokens      the {@code max_tokens} of every request
 */
public record EndpointSettings(URI baseUrl, String model, Optional<String> apiKey, Duration connectTimeout,
                               Duration requestTimeout, int maxAttempts, Duration initialBackoff, int maxTokens) {
    public EndpointSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("base URL must be http or https, got " + baseUrl);
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(requestTimeout, "request timeout");
        requirePositive(initialBackoff, "initial backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt is needed, got " + maxAttempts);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be positive, got " + maxTokens);
        }
    }

    /** The chat completions URL under {@link #baseUrl()}. */
    public URI chatCompletions() {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
