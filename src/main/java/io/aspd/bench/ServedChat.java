package io.aspd.bench;

import io.aspd.engine.AspdMode;
import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.model.ChatMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the server's {@code /v1/chat/completions} for greedy answers to prompts with their tools, so that a tool turn
 * is decoded and parsed exactly as a client gets it: the request's tools become the engine's tool-call constraint,
 * and the generated calls are read back by the server's tool-call parser. At most {@code concurrency} requests are
 * in flight (the engine batches them).
 */
final class ServedChat {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    /** One answer as the server returned it; {@code tokenIds} are the generated tokens, markup included. */
    record Answer(String content, List<ToolCallParser.ToolCall> calls, String finishReason, int[] tokenIds,
                  int blocks) {
    }

    private final URI chatCompletions;
    private final int concurrency;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    ServedChat(URI server, int concurrency) {
        this.chatCompletions = server.resolve("/v1/chat/completions");
        this.concurrency = concurrency;
    }

    /** The answers in prompt order. */
    List<Answer> answer(List<BenchPrompt> prompts, AspdMode mode) throws InterruptedException, ExecutionException {
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Answer>> futures = new ArrayList<>();
        for (BenchPrompt prompt : prompts) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(chatCompletions).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(prompt, mode))).build();
            futures.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> inFlight.release())
                    .thenApply(response -> parse(prompt, response)));
        }
        List<Answer> answers = new ArrayList<>();
        for (CompletableFuture<Answer> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    private String body(BenchPrompt prompt, AspdMode mode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", prompt.messages().stream().map(ServedChat::wire).toList());
        if (prompt.hasTools()) {
            body.put("tools", prompt.tools());
        }
        body.put("temperature", 0);
        body.put("return_token_ids", true);
        body.put("aspd", Map.of("mode", mode.name().toLowerCase(Locale.ROOT)));
        return json.writeValueAsString(body);
    }

    /** A message in OpenAI's request shape (content null in a turn of tool calls). */
    static Map<String, Object> wire(ChatMessage message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", message.role());
        out.put("content", message.content());
        if (!message.toolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ChatMessage.ToolCall call : message.toolCalls()) {
                Map<String, Object> wireCall = new LinkedHashMap<>();
                if (call.id() != null) {
                    wireCall.put("id", call.id());
                }
                wireCall.put("type", "function");
                wireCall.put("function", Map.of("name", call.name(), "arguments", call.arguments()));
                calls.add(wireCall);
            }
            out.put("tool_calls", calls);
        }
        if (message.toolCallId() != null) {
            out.put("tool_call_id", message.toolCallId());
        }
        return out;
    }

    private Answer parse(BenchPrompt prompt, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(prompt.id() + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new IllegalStateException(prompt.id() + ": unreadable answer: " + response.body(), e);
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ToolCallParser.ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(new ToolCallParser.ToolCall(call.path("function").path("name").asString(),
                    call.path("function").path("arguments").asString()));
        }
        int[] tokenIds = new int[choice.path("token_ids").size()];
        for (int i = 0; i < tokenIds.length; i++) {
            tokenIds[i] = choice.path("token_ids").path(i).asInt();
        }
        String content = message.path("content").isString() ? message.get("content").asString() : null;
        return new Answer(content, calls, choice.path("finish_reason").asString(), tokenIds,
                root.path("aspd").path("blocks").asInt());
    }
}
