package io.aspd.data.llm;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls {@code POST <base>/chat/completions} of any OpenAI-compatible server (this project's own server included) with
 * {@code java.net.http}. Transport errors, timeouts, 408, 429 and 5xx are retried with exponential backoff by a
 * Resilience4j {@link Retry}; other 4xx answers and replies without {@code choices[0].message.content} are not, since
 * repeating the same request cannot fix them.
 */
public final class OpenAiChatEndpoint implements ChatModel {
    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final int ERROR_EXCERPT = 200;

    private final EndpointSettings settings;
    private final HttpClient http;
    private final Retry retry;
    private final JsonMapper json = JsonMapper.builder().build();

    public OpenAiChatEndpoint(EndpointSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.retry = Retry.of("chat-endpoint", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), BACKOFF_MULTIPLIER))
                .retryOnException(e -> e instanceof EndpointException failure && failure.retryable())
                .build());
    }

    @Override
    public String complete(ChatPrompt prompt) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return retry.executeSupplier(() -> {
                attempts.incrementAndGet();
                return attempt(prompt);
            });
        } catch (EndpointException e) {
            throw new EndpointException(e.getMessage() + " (" + attempts.get() + " attempt" + (attempts.get() == 1
                    ? "" : "s") + ")", false, e);
        }
    }

    private String attempt(ChatPrompt prompt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.chatCompletions())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(prompt), StandardCharsets.UTF_8));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new EndpointException("no answer within " + settings.requestTimeout().toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new EndpointException("cannot reach " + settings.chatCompletions() + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException("interrupted", false, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            boolean retryable = status == 408 || status == 429 || status >= 500;
            throw new EndpointException("HTTP " + status + ": " + excerpt(response.body()), retryable);
        }
        return content(response.body());
    }

    private String requestBody(ChatPrompt prompt) {
        return json.writeValueAsString(Map.of(
                "model", settings.model(),
                "messages", List.of(Map.of("role", "system", "content", prompt.system()),
                        Map.of("role", "user", "content", prompt.user())),
                "temperature", prompt.temperature(),
                "max_tokens", settings.maxTokens()));
    }

    private String content(String body) {
        JsonNode content;
        try {
            content = json.readTree(body).path("choices").path(0).path("message").path("content");
        } catch (JacksonException e) {
            throw new EndpointException("reply is not JSON: " + excerpt(body), false, e);
        }
        if (!content.isString()) {
            throw new EndpointException("reply has no choices[0].message.content: " + excerpt(body), false);
        }
        return content.stringValue();
    }

    private static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= ERROR_EXCERPT ? oneLine : oneLine.substring(0, ERROR_EXCERPT) + "...";
    }
}
