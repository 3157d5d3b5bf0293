package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What OpenAI's SDKs read besides the answer: system_fingerprint, message.refusal and the x-request-id header. */
class ResponseIdentityTest extends PlainModelServerTest {

    @Test
    void everyAnswerCarriesTheSameSystemFingerprint() {
        JsonNode chat = ok(ApiRoutes.CHAT_COMPLETIONS, Wire.chat("max_tokens", 2));
        JsonNode completion = ok(ApiRoutes.COMPLETIONS, Wire.completion("max_tokens", 2));
        String fingerprint = chat.get("system_fingerprint").asString();
        assertThat(fingerprint).matches("fp_[0-9a-f]{12}");
        assertThat(completion.get("system_fingerprint").asString()).isEqualTo(fingerprint);

        List<JsonNode> chunks = Wire.sseChunks(stream(ApiRoutes.CHAT_COMPLETIONS,
                Wire.chat("max_tokens", 2, "stream", true)));
        assertThat(chunks).isNotEmpty()
                .allSatisfy(chunk -> assertThat(chunk.get("system_fingerprint").asString()).isEqualTo(fingerprint));
    }

    @Test
    void theMessageHasANullRefusal() {
        JsonNode message = ok(ApiRoutes.CHAT_COMPLETIONS, Wire.chat("max_tokens", 2)).get("choices").get(0)
                .get("message");
        assertThat(message.has("refusal")).isTrue();
        assertThat(message.get("refusal").isNull()).isTrue();
    }

    @Test
    void theClientsRequestIdIsEchoedAndOtherwiseOneIsMadeUp() {
        RawHttp.Response echoed = RawHttp.send(port, "POST", ApiRoutes.TOKENIZE, Wire.object("prompt", "x"),
                "Content-Type: application/json", "X-Request-Id: trace-42.abc");
        assertThat(echoed.header("x-request-id")).isEqualTo("trace-42.abc");

        RawHttp.Response made = RawHttp.send(port, "POST", ApiRoutes.CHAT_COMPLETIONS, Wire.chat("max_tokens", 1),
                "Content-Type: application/json");
        assertThat(made.header("x-request-id")).matches("req_[0-9a-f]{32}");

        RawHttp.Response insane = RawHttp.send(port, "POST", ApiRoutes.TOKENIZE, Wire.object("prompt", "x"),
                "Content-Type: application/json", "X-Request-Id: a b\"c" + "x".repeat(200));
        assertThat(insane.header("x-request-id")).matches("req_[0-9a-f]{32}");

        RawHttp.Response error = RawHttp.send(port, "POST", ApiRoutes.CHAT_COMPLETIONS, "{",
                "Content-Type: application/json", "X-Request-Id: failing-1");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.header("x-request-id")).isEqualTo("failing-1");
        RawHttp.Response notFound = RawHttp.send(port, "GET", "/nowhere", (byte[]) null);
        assertThat(notFound.header("x-request-id")).startsWith("req_");
    }
}
