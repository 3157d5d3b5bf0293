package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Every client mistake gets a 4xx with OpenAI's error body naming the parameter; none becomes a 5xx. */
class ErrorResponsesTest extends PlainModelServerTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String COMPLETIONS = "/v1/completions";
    private static final Map<String, String> USER = Map.of("role", "user", "content", "hi");

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("malformed JSON", CHAT, "{\"messages\": [", 400, null),
                bad("JSON that is not an object", CHAT, "[1, 2]", 400, null),
                bad("empty body", CHAT, "", 400, null),
                bad("trailing garbage", CHAT, Wire.chat() + " {}", 400, null),
                bad("messages missing", CHAT, "{\"model\":\"tiny\"}", 400, "messages"),
                bad("messages empty", CHAT, Wire.chat("messages", List.of()), 400, "messages"),
                bad("messages not an array", CHAT, Wire.chat("messages", "hi"), 400, "messages"),
                bad("content a number", CHAT, Wire.chat("messages", List.of(Map.of("role", "user", "content", 5))),
                        400, "messages[0].content"),
                bad("content missing", CHAT, Wire.chat("messages", List.of(Map.of("role", "user"))), 400,
                        "messages[0].content"),
                bad("role missing", CHAT, Wire.chat("messages", List.of(Map.of("content", "hi"))), 400,
                        "messages[0].role"),
                bad("unknown role", CHAT, Wire.chat("messages", List.of(Map.of("role", "wizard", "content", "hi"))),
                        400, "messages[0].role"),
                bad("tool message without tool_call_id", CHAT, Wire.chat("messages", List.of(USER,
                        Map.of("role", "tool", "content", "42"))), 400, "messages[1].tool_call_id"),
                bad("tool call arguments not a string", CHAT, Wire.chat("messages", List.of(USER,
                        Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
                                "function", Map.of("name", "f", "arguments", Map.of())))))), 400,
                        "messages[1].tool_calls[0].function.arguments"),
                bad("image part", CHAT, Wire.chat("messages", List.of(Map.of("role", "user", "content", List.of(
                        Map.of("type", "image_url", "image_url", Map.of("url", "http://x/y.png")))))), 400,
                        "messages[0].content[0].type"),
                bad("temperature a string", CHAT, Wire.chat("temperature", "0.5"), 400, "temperature"),
                bad("temperature too high", CHAT, Wire.chat("temperature", 2.5), 400, "temperature"),
                bad("top_p zero", CHAT, Wire.chat("top_p", 0), 400, "top_p"),
                bad("top_k below -1", CHAT, Wire.chat("top_k", -2), 400, "top_k"),
                bad("n a fraction", CHAT, Wire.chat("n", 1.5), 400, "n"),
                bad("n zero", CHAT, Wire.chat("n", 0), 400, "n"),
                bad("n above max-sequences", CHAT, Wire.chat("n", 17), 400, "n"),
                bad("stream a string", CHAT, Wire.chat("stream", "yes"), 400, "stream"),
                bad("seed a string", CHAT, Wire.chat("seed", "abc"), 400, "seed"),
                bad("max_tokens zero", CHAT, Wire.chat("max_tokens", 0), 400, "max_tokens"),
                bad("max_completion_tokens negative", CHAT, Wire.chat("max_completion_tokens", -3), 400,
                        "max_completion_tokens"),
                bad("max_tokens beyond the context", CHAT, Wire.chat("max_tokens", 100_000), 400, "messages"),
                bad("presence_penalty too high", CHAT, Wire.chat("presence_penalty", 3), 400, "presence_penalty"),
                bad("frequency_penalty too low", CHAT, Wire.chat("frequency_penalty", -3), 400, "frequency_penalty"),
                bad("repetition_penalty zero", CHAT, Wire.chat("repetition_penalty", 0), 400, "repetition_penalty"),
                bad("stop an empty string", CHAT, Wire.chat("stop", ""), 400, "stop"),
                bad("stop a number", CHAT, Wire.chat("stop", 3), 400, "stop"),
                bad("stop list with a number", CHAT, Wire.chat("stop", List.of("a", 3)), 400, "stop[1]"),
                bad("stream_options without stream", CHAT, Wire.chat("stream_options", Map.of("include_usage", true)),
                        400, "stream_options"),
                bad("top_logprobs without logprobs", CHAT, Wire.chat("top_logprobs", 2), 400, "top_logprobs"),
                bad("top_logprobs above 20", CHAT, Wire.chat("logprobs", true, "top_logprobs", 21), 400,
                        "top_logprobs"),
                bad("tool of another type", CHAT, Wire.chat("tools", List.of(Map.of("type", "retrieval"))), 400,
                        "tools[0].type"),
                bad("tool_choice required without tools", CHAT, Wire.chat("tool_choice", "required"), 400,
                        "tool_choice"),
                bad("tool_choice names an unknown tool", CHAT, Wire.chat("tools", List.of(Map.of("type", "function",
                        "function", Map.of("name", "f"))), "tool_choice", Map.of("type", "function", "function",
                        Map.of("name", "g"))), 400, "tool_choice"),
                bad("strict tool schema with an unenforceable keyword", CHAT, Wire.chat("tools", List.of(Map.of(
                        "type", "function", "function", Map.of("name", "f", "strict", true, "parameters", Map.of(
                                "type", "object", "properties", Map.of("email", Map.of("type", "string",
                                        "format", "email"))))))), 400, "tools"),
                bad("functions", CHAT, Wire.chat("functions", List.of(Map.of("name", "f"))), 400, "functions"),
                bad("strict json_schema with an unenforceable keyword", CHAT, Wire.chat("response_format", Map.of(
                        "type", "json_schema", "json_schema", Map.of("name", "x", "strict", true, "schema", Map.of(
                                "type", "string", "pattern", "^(a|b)*+$")))), 400, "response_format.json_schema.schema"),
                bad("json_schema without a name", CHAT, Wire.chat("response_format", Map.of("type", "json_schema",
                        "json_schema", Map.of("schema", Map.of()))), 400, "response_format.json_schema.name"),
                bad("response_format of an unknown type", CHAT, Wire.chat("response_format", Map.of("type", "xml")),
                        400, "response_format.type"),
                bad("logit_bias", CHAT, Wire.chat("logit_bias", Map.of("50", 10)), 400, "logit_bias"),
                bad("audio output", CHAT, Wire.chat("modalities", List.of("text", "audio")), 400, "modalities"),
                bad("aspd mode unknown", CHAT, Wire.chat("aspd", Map.of("mode", "turbo")), 400, "aspd.mode"),
                bad("aspd max_branches below 2", CHAT, Wire.chat("aspd", Map.of("max_branches", 1)), 400,
                        "aspd.max_branches"),
                bad("aspd max_branches above the server's", CHAT, Wire.chat("aspd", Map.of("max_branches", 99)), 400,
                        "aspd.max_branches"),
                bad("aspd not an object", CHAT, Wire.chat("aspd", "parallel"), 400, "aspd"),
                bad("unknown model", CHAT, Wire.chat("model", "gpt-4o"), 404, "model"),
                bad("completions: prompt missing", COMPLETIONS, "{\"model\":\"tiny\"}", 400, "prompt"),
                bad("completions: prompt empty", COMPLETIONS, Wire.completion("prompt", ""), 400, "prompt"),
                bad("completions: prompt a number", COMPLETIONS, Wire.completion("prompt", 7), 400, "prompt"),
                bad("completions: token id outside the vocabulary", COMPLETIONS,
                        Wire.completion("prompt", List.of(1, 99999)), 400, "prompt[1]"),
                bad("completions: echo", COMPLETIONS, Wire.completion("echo", true), 400, "echo"),
                bad("completions: suffix", COMPLETIONS, Wire.completion("suffix", "end"), 400, "suffix"),
                bad("completions: best_of", COMPLETIONS, Wire.completion("best_of", 3), 400, "best_of"),
                bad("completions: logprobs above 20", COMPLETIONS, Wire.completion("logprobs", 21), 400, "logprobs"),
                bad("completions: unknown model", COMPLETIONS, Wire.completion("model", "other"), 404, "model"),
                bad("tokenize: neither prompt nor messages", "/tokenize", "{}", 400, "prompt"),
                bad("tokenize: both prompt and messages", "/tokenize",
                        Wire.object("prompt", "x", "messages", List.of(USER)), 400, "messages"),
                bad("detokenize: id outside the vocabulary", "/detokenize", Wire.object("tokens", List.of(1, -1)),
                        400, "tokens[1]"),
                bad("detokenize: tokens not integers", "/detokenize", Wire.object("tokens", List.of("a")), 400,
                        "tokens[0]"),
                bad("max_tokens beyond int", CHAT, Wire.chat("max_tokens", BEYOND_INT), 400, "max_tokens"),
                bad("max_completion_tokens beyond int", CHAT, Wire.chat("max_completion_tokens", -BEYOND_INT), 400,
                        "max_completion_tokens"),
                bad("n beyond int", CHAT, Wire.chat("n", BEYOND_INT), 400, "n"),
                bad("top_k beyond int", CHAT, Wire.chat("top_k", BEYOND_INT), 400, "top_k"),
                bad("top_logprobs beyond int", CHAT, Wire.chat("logprobs", true, "top_logprobs", BEYOND_INT), 400,
                        "top_logprobs"),
                bad("aspd.max_branches beyond int", CHAT, Wire.chat("aspd", Map.of("max_branches", BEYOND_INT)), 400,
                        "aspd.max_branches"),
                bad("seed beyond long", CHAT, Wire.chat("seed", BEYOND_LONG), 400, "seed"),
                bad("seed below long", CHAT, Wire.chat("seed", BEYOND_LONG.negate()), 400, "seed"),
                bad("completions: max_tokens beyond int", COMPLETIONS, Wire.completion("max_tokens", BEYOND_INT), 400,
                        "max_tokens"),
                bad("completions: n beyond int", COMPLETIONS, Wire.completion("n", BEYOND_INT), 400, "n"),
                bad("completions: logprobs beyond int", COMPLETIONS, Wire.completion("logprobs", BEYOND_INT), 400,
                        "logprobs"),
                bad("completions: best_of beyond int", COMPLETIONS, Wire.completion("best_of", BEYOND_INT), 400,
                        "best_of"),
                bad("completions: seed beyond long", COMPLETIONS, Wire.completion("seed", BEYOND_LONG), 400, "seed"),
                bad("completions: token id beyond int", COMPLETIONS, Wire.completion("prompt", List.of(BEYOND_INT)),
                        400, "prompt[0]"),
                bad("completions: token id beyond long", COMPLETIONS,
                        Wire.completion("prompt", List.of(List.of(1, BEYOND_LONG))), 400, "prompt[0][1]"),
                bad("detokenize: id beyond int", "/detokenize", Wire.object("tokens", List.of(1, BEYOND_INT)), 400,
                        "tokens[1]"));
    }

    private static final long BEYOND_INT = 1L << 40;
    private static final BigInteger BEYOND_LONG = BigInteger.TWO.pow(64);

    private static Arguments bad(String name, String uri, String body, int status, String param) {
        return Arguments.of(name, uri, body, status, param);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void clientMistakesGetAnOpenAiErrorNamingTheParameter(String name, String uri, String body, int status,
                                                          String param) {
        JsonNode error = error(client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange(), status);
        if (param == null) {
            assertThat(error.get("param").isNull()).isTrue();
        } else {
            assertThat(error.get("param").asString()).isEqualTo(param);
        }
    }

    @Test
    void theSameMistakesInAStreamingRequestAreAnsweredBeforeAnyEvent() {
        error(post(CHAT, Wire.chat("stream", true, "temperature", 9)), 400);
        error(post(CHAT, Wire.chat("stream", true, "max_tokens", 100_000)), 400);
        error(post(COMPLETIONS, Wire.completion("stream", true, "model", "other")), 404);
    }

    @Test
    void aPromptOverTheContextSaysTheNumbers() {
        JsonNode error = error(post(CHAT, Wire.chat("max_tokens", 500)), 400);
        int prompt = ok("/tokenize", Wire.object("messages", List.of(Map.of("role", "user", "content",
                "Say something.")))).get("count").asInt();
        assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(error.get("message").asString()).contains(Integer.toString(CONTEXT), Integer.toString(prompt + 500),
                prompt + " in the messages", "500 in the completion");
    }

    @Test
    void unknownRoutesAndMethodsAre404InOpenAisShape() {
        JsonNode error = error(client.get().uri("/v1/chat/completion").exchange(), 404);
        assertThat(error.get("message").asString()).isEqualTo("Invalid URL (GET /v1/chat/completion)");
        error(client.get().uri(CHAT).exchange(), 404);
        error(client.method(HttpMethod.DELETE).uri("/v1/models").exchange(), 404);
        JsonNode unknownModel = error(client.get().uri("/v1/models/nope").exchange(), 404);
        assertThat(unknownModel.get("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void integersOutOfRangeSayWhatIsWrong() {
        JsonNode maxTokens = error(post(CHAT, Wire.chat("max_tokens", BEYOND_INT)), 400);
        assertThat(maxTokens.get("message").asString())
                .contains("'max_tokens'", "1099511627776", "out of range", "-2147483648 to 2147483647");
        JsonNode seed = error(post(CHAT, Wire.chat("seed", BEYOND_LONG)), 400);
        assertThat(seed.get("message").asString()).contains("'seed'", "-9223372036854775808 to 9223372036854775807");
        JsonNode tokenId = error(post(COMPLETIONS, Wire.completion("prompt", List.of(BEYOND_INT))), 400);
        assertThat(tokenId.get("message").asString())
                .isEqualTo("Token id 1099511627776 is outside the vocabulary [0, " + vocabularySize() + ").");
    }

    private int vocabularySize() {
        JsonNode error = error(post("/detokenize", Wire.object("tokens", List.of(Integer.MAX_VALUE))), 400);
        String message = error.get("message").asString();
        return Integer.parseInt(message.substring(message.indexOf("[0, ") + 4, message.indexOf(')')));
    }

    /** The body limit is 16 MB (config/application.yml): a body of exactly that size is read, one byte more is not. */
    @Test
    void theBodyLimitHoldsAtItsEdge() {
        int limit = 16 * 1024 * 1024;
        RawHttp.Response atLimit = RawHttp.send(port, "POST", "/detokenize", paddedJson(limit),
                "Content-Type: application/json");
        assertThat(atLimit.status()).isEqualTo(200);

        RawHttp.Response over = RawHttp.send(port, "POST", "/detokenize", paddedJson(limit + 1),
                "Content-Type: application/json");
        assertThat(over.status()).isEqualTo(413);
        JsonNode error = Wire.json(over.text()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("request_too_large");
        assertThat(error.get("message").asString()).contains("spring.http.codecs.max-in-memory-size");
    }

    /** A valid detokenize request, padded with JSON whitespace to exactly {@code size} bytes. */
    private static byte[] paddedJson(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] json = Wire.object("tokens", List.of(1)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    @Test
    void anUnparseableContentTypeIs415OnEveryPostRoute() {
        for (String route : List.of(CHAT, COMPLETIONS, "/tokenize", "/detokenize")) {
            for (String contentType : List.of("garbage/////", "/", ";;;", "a b/c", "text/")) {
                RawHttp.Response response = RawHttp.send(port, "POST", route, Wire.chat("prompt", "x"),
                        "Content-Type: " + contentType);
                assertThat(response.status()).as("%s with %s", route, contentType).isEqualTo(415);
                assertThat(Wire.json(response.text()).get("error").get("code").asString())
                        .isEqualTo("unsupported_media_type");
            }
        }
    }

    @Test
    void aBodyWithoutJsonContentTypeIsStillRead() {
        JsonNode response = Wire.json(client.post().uri(CHAT).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(Wire.chat("max_tokens", 2)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(response.get("choices")).hasSize(1);
    }

    private static JsonNode error(WebTestClient.ResponseSpec response, int status) {
        String body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode root = Wire.json(body);
        assertThat(root.propertyNames()).containsExactly("error");
        JsonNode error = root.get("error");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.get("message").asString()).isNotBlank()
                .doesNotContain("Exception", "\tat ", "tools.jackson", "java.", "io.aspd");
        assertThat(error.get("type").asString()).isNotBlank();
        return error;
    }
}
