package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CompletionsTest extends PlainModelServerTest {
    private static final String URI = "/v1/completions";

    @Test
    void answersInOpenAisShape() {
        JsonNode response = ok(URI, Wire.completion("max_tokens", 5, "seed", 3));

        assertThat(response.get("id").asString()).startsWith("cmpl-");
        assertThat(response.get("object").asString()).isEqualTo("text_completion");
        assertThat(response.get("model").asString()).isEqualTo(MODEL);
        JsonNode choice = response.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("text").isString()).isTrue();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asString()).isIn("stop", "length");
        JsonNode usage = response.get("usage");
        assertThat(usage.get("prompt_tokens").asInt())
                .isEqualTo(ok("/tokenize", Wire.object("prompt", "Once upon a time")).get("count").asInt());
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 5);
    }

    @Test
    void severalPromptsGetNChoicesEachInPromptOrder() {
        JsonNode response = ok(URI, Wire.completion("prompt", List.of("First prompt", "Second, longer prompt"),
                "n", 2, "max_tokens", 3, "seed", 5, "return_token_ids", true));

        JsonNode choices = response.get("choices");
        assertThat(choices).hasSize(4);
        JsonNode first = ok("/tokenize", Wire.object("prompt", "First prompt")).get("tokens");
        JsonNode second = ok("/tokenize", Wire.object("prompt", "Second, longer prompt")).get("tokens");
        for (int i = 0; i < 4; i++) {
            assertThat(choices.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(choices.get(i).get("prompt_token_ids")).isEqualTo(i < 2 ? first : second);
        }
        assertThat(response.get("usage").get("prompt_tokens").asInt()).isEqualTo(first.size() + second.size());
    }

    @Test
    void tokenIdPromptsAreTheSameAsTheirText() {
        JsonNode ids = ok("/tokenize", Wire.object("prompt", "Once upon a time")).get("tokens");
        JsonNode fromText = ok(URI, Wire.completion("max_tokens", 4, "seed", 12));
        JsonNode fromIds = ok(URI, Wire.completion("prompt", ids, "max_tokens", 4, "seed", 12));
        JsonNode fromIdLists = ok(URI, Wire.completion("prompt", List.of(ids), "max_tokens", 4, "seed", 12));

        assertThat(fromIds.get("choices").get(0).get("text")).isEqualTo(fromText.get("choices").get(0).get("text"));
        assertThat(fromIdLists.get("choices").get(0).get("text")).isEqualTo(fromText.get("choices").get(0).get("text"));
    }

    @Test
    void logprobsListEveryVisibleTokenWithItsTextOffset() {
        JsonNode response = ok(URI, Wire.completion("max_tokens", 8, "seed", 7, "logprobs", 2));

        JsonNode choice = response.get("choices").get(0);
        JsonNode logprobs = choice.get("logprobs");
        int tokens = response.get("aspd").get("visible_tokens").asInt();
        assertThat(logprobs.get("tokens")).hasSize(tokens);
        assertThat(logprobs.get("token_logprobs")).hasSize(tokens);
        assertThat(logprobs.get("top_logprobs")).hasSize(tokens);
        assertThat(logprobs.get("text_offset")).hasSize(tokens);
        String text = choice.get("text").asString();
        int previous = -1;
        for (int i = 0; i < tokens; i++) {
            int offset = logprobs.get("text_offset").get(i).asInt();
            assertThat(offset).isGreaterThanOrEqualTo(Math.max(previous, 0)).isLessThanOrEqualTo(text.length());
            previous = offset;
            assertThat(logprobs.get("top_logprobs").get(i).size()).isBetween(1, 2);
            assertThat(logprobs.get("token_logprobs").get(i).asDouble()).isLessThanOrEqualTo(0);
        }

        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.completion("max_tokens", 8, "seed", 7, "logprobs", 2,
                "stream", true)));
        StringBuilder offsets = new StringBuilder();
        for (JsonNode c : Wire.choiceChunks(chunks, 0)) {
            if (!c.get("logprobs").isNull()) {
                c.get("logprobs").get("text_offset").forEach(o -> offsets.append(o.asInt()).append(','));
            }
        }
        StringBuilder expected = new StringBuilder();
        logprobs.get("text_offset").forEach(o -> expected.append(o.asInt()).append(','));
        assertThat(offsets.toString()).isEqualTo(expected.toString());
    }

    @Test
    void streamHasOpenAisShapeAndTheSameText() {
        JsonNode whole = ok(URI, Wire.completion("max_tokens", 7, "seed", 31));
        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.completion("max_tokens", 7, "seed", 31,
                "stream", true, "stream_options", Map.of("include_usage", true))));

        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.get("usage")).isEqualTo(whole.get("usage"));
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("object").asString()).isEqualTo("text_completion");
        }
        assertThat(Wire.joinedText(chunks, 0)).isEqualTo(whole.get("choices").get(0).get("text").asString());
        JsonNode finish = chunks.get(chunks.size() - 2).get("choices").get(0);
        assertThat(finish.get("finish_reason")).isEqualTo(whole.get("choices").get(0).get("finish_reason"));
    }
}
