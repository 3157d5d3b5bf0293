package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test helpers for the wire format: request bodies, JSON and strictly checked SSE framing. The parsing helpers are
 * public for the deployment tests, which check the same framing through a container's published port.
 */
public final class Wire {

    /** The official openai-java client against a server under test: responses validated, no retries to hide errors. */
    static OpenAIClient openAiClient(int port, Duration timeout) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://localhost:" + port + "/v1")
                .apiKey("not-needed")
                .responseValidation(true)
                .maxRetries(0)
                .timeout(timeout)
                .build();
    }
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Wire() {
    }

    /** A chat request with one user message, plus the given fields (later pairs override earlier ones). */
    static String chat(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", ServerTest.MODEL);
        body.put("messages", List.of(Map.of("role", "user", "content", "Say something.")));
        put(body, fields);
        return JSON.writeValueAsString(body);
    }

    /** A completions request with a text prompt, plus the given fields. */
    static String completion(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", ServerTest.MODEL);
        body.put("prompt", "Once upon a time");
        put(body, fields);
        return JSON.writeValueAsString(body);
    }

    static String object(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        put(body, fields);
        return JSON.writeValueAsString(body);
    }

    private static void put(Map<String, Object> body, Object... fields) {
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /**
     * Parses an SSE body as OpenAI frames it, failing on anything else: every event is one {@code data: <payload>}
     * line or comment lines, each followed by a blank line; the last event is {@code data: [DONE]}. Returns the JSON
     * chunks before {@code [DONE]}.
     */
    public static List<JsonNode> sseChunks(String body) {
        assertThat(body).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = new ArrayList<>();
        String[] events = body.substring(0, body.length() - 2).split("\n\n", -1);
        for (int i = 0; i < events.length; i++) {
            String event = events[i];
            if (event.startsWith(":")) {
                assertThat(event.lines()).allMatch(line -> line.startsWith(":"));
                continue;
            }
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            String payload = event.substring("data: ".length());
            if (i == events.length - 1) {
                assertThat(payload).isEqualTo("[DONE]");
            } else {
                JsonNode chunk = JSON.readTree(payload);
                assertThat(chunk.isObject()).as("data payload is a JSON object: %s", payload).isTrue();
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    /** The text of one choice: every delta's content (chat) or text (completions), joined. */
    public static String joinedText(List<JsonNode> chunks, int choice) {
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            for (JsonNode c : chunk.get("choices")) {
                if (c.get("index").asInt() == choice) {
                    JsonNode piece = c.has("delta") ? c.get("delta").get("content") : c.get("text");
                    if (piece != null && !piece.isNull()) {
                        text.append(piece.asString());
                    }
                }
            }
        }
        return text.toString();
    }

    /** Every choice object of the chunks that belongs to one choice index, in order. */
    public static List<JsonNode> choiceChunks(List<JsonNode> chunks, int choice) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            for (JsonNode c : chunk.get("choices")) {
                if (c.get("index").asInt() == choice) {
                    found.add(c);
                }
            }
        }
        return found;
    }
}
