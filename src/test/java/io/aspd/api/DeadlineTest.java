package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A request deadline that has always passed by the time generation starts: every answer is cut, and the client sees a
 * well-formed answer that ends with finish_reason "length", streamed or not (never an error that SDKs would retry).
 */
@TestPropertySource(properties = "aspd.admission.request-timeout=1ms")
class DeadlineTest extends PlainModelServerTest {
    private static final int BUDGET = 300;

    @Test
    void aCutAnswerEndsWithLength() {
        JsonNode response = ok("/v1/chat/completions", Wire.chat("max_tokens", BUDGET, "temperature", 0, "n", 2));

        for (JsonNode choice : response.get("choices")) {
            assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
        }
        assertThat(response.get("usage").get("completion_tokens").asInt()).isLessThan(2 * BUDGET);
    }

    @Test
    void aCutStreamEndsWithLengthUsageAndDone() {
        List<JsonNode> chunks = Wire.sseChunks(stream("/v1/completions", Wire.completion("max_tokens", BUDGET,
                "temperature", 0, "stream", true, "stream_options", Map.of("include_usage", true))));

        JsonNode usage = chunks.get(chunks.size() - 1).get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isLessThan(BUDGET);
        JsonNode finish = chunks.get(chunks.size() - 2).get("choices").get(0);
        assertThat(finish.get("finish_reason").asString()).isEqualTo("length");
    }
}
