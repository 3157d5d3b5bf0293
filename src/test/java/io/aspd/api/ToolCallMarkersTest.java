package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A model configured with its own tool-call markers ({@code aspd.model.tool-call.open} / {@code .close}): its calls
 * are constrained to, parsed and streamed with those markers, and the fallback template (the test model has no
 * template of its own) shows the model the same markers.
 */
class ToolCallMarkersTest extends PlainModelServerTest {
    private static final String OPEN = "[CALL]";
    private static final String CLOSE = "[/CALL]";
    private static final String CHAT = "/v1/chat/completions";

    @DynamicPropertySource
    static void markers(DynamicPropertyRegistry registry) {
        registry.add("aspd.engine.context-length", () -> 2048);
        registry.add("aspd.model.tool-call.open", () -> OPEN);
        registry.add("aspd.model.tool-call.close", () -> CLOSE);
    }

    private static List<Object> tools() {
        return List.of(Map.of("type", "function", "function", Map.of("name", "get_bill",
                "parameters", Wire.json("{\"type\":\"object\",\"properties\":{\"account\":{\"type\":\"string\","
                        + "\"maxLength\":6}},\"required\":[\"account\"],\"additionalProperties\":false}"))));
    }

    private String detokenize(JsonNode ids) {
        return ok("/detokenize", Wire.object("tokens", ids)).get("prompt").asString();
    }

    @Test
    void callsAreWrittenInTheConfiguredMarkersAndReadBackAsToolCalls() {
        JsonNode response = ok(CHAT, Wire.chat("tools", tools(), "tool_choice", "required", "seed", 3,
                "temperature", 1.0, "max_tokens", 80, "return_token_ids", true));
        JsonNode choice = response.get("choices").get(0);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode calls = choice.get("message").get("tool_calls");
        assertThat(calls.size()).isPositive();
        assertThat(calls.get(0).get("function").get("name").asString()).isEqualTo("get_bill");
        assertThat(Wire.json(calls.get(0).get("function").get("arguments").asString()).get("account").isString())
                .isTrue();
        String written = detokenize(choice.get("token_ids"));
        assertThat(written).startsWith(OPEN).contains(CLOSE).doesNotContain("<tool_call>");

        List<JsonNode> chunks = Wire.sseChunks(stream(CHAT, Wire.chat("tools", tools(), "tool_choice", "required",
                "seed", 3, "temperature", 1.0, "max_tokens", 80, "stream", true)));
        StringBuilder arguments = new StringBuilder();
        for (JsonNode c : Wire.choiceChunks(chunks, 0)) {
            JsonNode deltas = c.path("delta").get("tool_calls");
            if (deltas != null && deltas.get(0).get("index").asInt() == 0) {
                deltas.forEach(d -> arguments.append(d.get("function").get("arguments").asString()));
            }
        }
        assertThat(arguments.toString()).isEqualTo(calls.get(0).get("function").get("arguments").asString());
        assertThat(Wire.joinedText(chunks, 0)).isEmpty();
    }

    @Test
    void theFallbackTemplateShowsTheModelTheConfiguredMarkers() {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", "call_1");
        call.put("type", "function");
        call.put("function", Map.of("name", "get_bill", "arguments", "{\"account\":\"A1\"}"));
        Map<String, Object> assistant = new LinkedHashMap<>();
        assistant.put("role", "assistant");
        assistant.put("content", null);
        assistant.put("tool_calls", List.of(call));
        List<Object> messages = List.of(Map.of("role", "user", "content", "My bill?"), assistant,
                Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"due\": 20}"));
        JsonNode tokenized = ok("/tokenize", Wire.object("model", MODEL, "messages", messages, "tools", tools()));
        String prompt = detokenize(tokenized.get("tokens"));
        assertThat(prompt).contains("between " + OPEN + " and " + CLOSE)
                .contains(OPEN + "\n{\"name\": \"get_bill\", \"arguments\": {\"account\": \"A1\"}}\n" + CLOSE)
                .doesNotContain("tool_call>");
    }
}
