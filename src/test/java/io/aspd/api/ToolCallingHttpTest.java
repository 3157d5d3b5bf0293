package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tool calling on the wire, read as raw JSON and SSE (no SDK in between), on a random-weight model that writes garbage
 * when free: streamed arguments in fragments, tools together with a JSON {@code response_format}, and
 * {@code /tokenize} counting what a chat request with tools is prompted with.
 */
class ToolCallingHttpTest extends ToolServerTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String BOOKING_SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"postcode\":{\"type\":\"string\",\"maxLength\":8},\"date\":{\"type\":\"string\",\"maxLength\":10},"
            + "\"urgent\":{\"type\":\"boolean\"}},\"required\":[\"postcode\",\"date\",\"urgent\"],"
            + "\"additionalProperties\":false}";
    private static final String ANSWER_SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"answer\":{\"type\":\"string\",\"maxLength\":20}},\"required\":[\"answer\"],"
            + "\"additionalProperties\":false}";

    private static List<Object> tools() {
        return List.of(Map.of("type", "function", "function", Map.of("name", "book_technician",
                "description", "Books a technician visit", "parameters", Wire.json(BOOKING_SCHEMA))));
    }

    private static List<Object> messages() {
        return List.of(Map.of("role", "user", "content", "Can someone fix my line at AB1 2CD tomorrow?"));
    }

    /** Every tool-call delta of one choice, in order. */
    private static List<JsonNode> toolCallDeltas(List<JsonNode> chunks) {
        List<JsonNode> deltas = new ArrayList<>();
        for (JsonNode choice : Wire.choiceChunks(chunks, 0)) {
            JsonNode calls = choice.path("delta").get("tool_calls");
            if (calls != null) {
                calls.forEach(deltas::add);
            }
        }
        return deltas;
    }

    @Test
    void streamedArgumentsArriveInFragmentsThatJoinToTheWholeAnswersArguments() {
        for (long seed = 1; seed <= 3; seed++) {
            Object[] request = {"messages", messages(), "tools", tools(), "tool_choice", "required",
                    "temperature", 1.0, "seed", seed, "max_tokens", 160};
            JsonNode whole = ok(CHAT, Wire.chat(request));
            JsonNode wholeCalls = whole.get("choices").get(0).get("message").get("tool_calls");
            assertThat(wholeCalls.size()).isPositive();

            List<Object> streaming = new ArrayList<>(List.of(request));
            streaming.addAll(List.of("stream", true));
            List<JsonNode> deltas = toolCallDeltas(Wire.sseChunks(stream(CHAT, Wire.chat(streaming.toArray()))));
            for (int index = 0; index < wholeCalls.size(); index++) {
                int i = index;
                List<JsonNode> ofCall = deltas.stream().filter(d -> d.get("index").asInt() == i).toList();
                JsonNode first = ofCall.get(0);
                assertThat(first.get("id").asString()).startsWith("call_");
                assertThat(first.get("type").asString()).isEqualTo("function");
                assertThat(first.get("function").get("name").asString()).isEqualTo("book_technician");
                assertThat(first.get("function").get("arguments").asString()).isEmpty();
                List<JsonNode> fragments = ofCall.subList(1, ofCall.size());
                assertThat(fragments).allSatisfy(f -> {
                    assertThat(f.has("id")).isFalse();
                    assertThat(f.get("function").has("name")).isFalse();
                });
                String joined = fragments.stream().map(f -> f.get("function").get("arguments").asString())
                        .reduce("", String::concat);
                String arguments = wholeCalls.get(i).get("function").get("arguments").asString();
                assertThat(joined).isEqualTo(arguments);
                assertThat(REGISTRY.getSchema(BOOKING_SCHEMA).validate(Wire.json(arguments))).isEmpty();
                // three fields: written over many tokens, sent over many deltas
                assertThat(fragments.size()).as(arguments).isGreaterThan(1);
            }
        }
    }

    @Test
    void toolsWithAJsonResponseFormatGiveACallOrASchemaValidAnswer() {
        Schema answerSchema = REGISTRY.getSchema(ANSWER_SCHEMA);
        Schema bookingSchema = REGISTRY.getSchema(BOOKING_SCHEMA);
        Map<String, Object> format = Map.of("type", "json_schema", "json_schema",
                Map.of("name", "answer", "schema", Wire.json(ANSWER_SCHEMA)));
        int calls = 0;
        int answers = 0;
        for (long seed = 1; seed <= 4; seed++) {
            JsonNode response = ok(CHAT, Wire.chat("messages", messages(), "tools", tools(), "response_format", format,
                    "n", 4, "temperature", 1.0, "seed", seed, "max_tokens", 120));
            for (JsonNode choice : response.get("choices")) {
                JsonNode message = choice.get("message");
                if (message.has("tool_calls")) {
                    calls++;
                    assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
                    assertThat(message.get("content").isNull()).isTrue();
                    for (JsonNode call : message.get("tool_calls")) {
                        assertThat(bookingSchema.validate(Wire.json(call.get("function").get("arguments")
                                .asString()))).isEmpty();
                    }
                } else {
                    answers++;
                    assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
                    assertThat(answerSchema.validate(Wire.json(message.get("content").asString())))
                            .as(message.get("content").asString()).isEmpty();
                }
            }
        }
        assertThat(calls + answers).isEqualTo(16);

        // a forced call makes the turn calls only: the format is for the answer of a later turn
        JsonNode forced = ok(CHAT, Wire.chat("messages", messages(), "tools", tools(), "response_format", format,
                "tool_choice", "required", "seed", 1, "max_tokens", 120));
        assertThat(forced.get("choices").get(0).get("finish_reason").asString()).isEqualTo("tool_calls");
    }

    @Test
    void tokenizeCountsWhatAChatRequestWithToolsIsPromptedWith() {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", "call_1");
        call.put("type", "function");
        call.put("function", Map.of("name", "book_technician",
                "arguments", "{\"postcode\":\"AB1 2CD\",\"date\":\"tomorrow\",\"urgent\":true}"));
        Map<String, Object> assistant = new LinkedHashMap<>();
        assistant.put("role", "assistant");
        assistant.put("content", null);
        assistant.put("tool_calls", List.of(call));
        List<Object> conversation = List.of(messages().get(0), assistant,
                Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"booked\": true}"));
        for (List<Object> history : List.of(messages(), conversation)) {
            int prompt = ok(CHAT, Wire.chat("messages", history, "tools", tools(), "max_tokens", 1))
                    .get("usage").get("prompt_tokens").asInt();
            JsonNode tokenized = ok("/tokenize", Wire.object("model", MODEL, "messages", history, "tools", tools()));
            assertThat(tokenized.get("count").asInt()).isEqualTo(prompt);
            int withoutTools = ok("/tokenize", Wire.object("model", MODEL, "messages", history)).get("count").asInt();
            assertThat(withoutTools).isLessThan(prompt);
        }
        post("/tokenize", Wire.object("model", MODEL, "messages", messages(), "tools", List.of(Map.of("type", "x"))))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.param").isEqualTo("tools[0].type");
    }
}
