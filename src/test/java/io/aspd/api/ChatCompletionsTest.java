package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChatCompletionsTest extends PlainModelServerTest {
    private static final String URI = "/v1/chat/completions";

    @Test
    void answersInOpenAisShape() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 6, "seed", 11));

        assertThat(response.get("id").asString()).startsWith("chatcmpl-");
        assertThat(response.get("object").asString()).isEqualTo("chat.completion");
        assertThat(response.get("created").asLong()).isPositive();
        assertThat(response.get("model").asString()).isEqualTo(MODEL);
        JsonNode choice = response.get("choices").get(0);
        assertThat(response.get("choices")).hasSize(1);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").isString()).isTrue();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        JsonNode usage = response.get("usage");
        int completion = usage.get("completion_tokens").asInt();
        assertThat(completion).isBetween(1, 6);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("prompt_tokens").asInt() + completion);
        assertThat(choice.get("finish_reason").asString()).isIn("stop", "length");
        if (choice.get("finish_reason").asString().equals("length")) {
            assertThat(completion).isEqualTo(6);
        }
        JsonNode aspd = response.get("aspd");
        for (String field : List.of("blocks", "branches", "forward_passes", "visible_tokens", "markup_tokens",
                "parallel_share", "step_ratio")) {
            assertThat(aspd.has(field)).as(field).isTrue();
        }
        assertThat(aspd.get("visible_tokens").asInt() + aspd.get("markup_tokens").asInt()).isEqualTo(completion);
        assertThat(aspd.has("structure")).isFalse();
        assertThat(response.has("prompt_token_ids")).isFalse();
    }

    @Test
    void promptTokensAreTheRenderedConversation() {
        String messages = Wire.JSON.writeValueAsString(List.of(Map.of("role", "user", "content", "Say something.")));
        JsonNode tokenized = ok("/tokenize", "{\"messages\":" + messages + "}");
        JsonNode response = ok(URI, Wire.chat("max_tokens", 2));
        assertThat(response.get("usage").get("prompt_tokens").asInt()).isEqualTo(tokenized.get("count").asInt());
    }

    @Test
    void maxCompletionTokensIsTheSameBudgetAsMaxTokens() {
        JsonNode viaNewName = ok(URI, Wire.chat("max_completion_tokens", 5, "seed", 4));
        JsonNode viaOldName = ok(URI, Wire.chat("max_tokens", 5, "seed", 4));
        assertThat(viaNewName.get("choices").get(0).get("message"))
                .isEqualTo(viaOldName.get("choices").get(0).get("message"));
        assertThat(viaNewName.get("usage")).isEqualTo(viaOldName.get("usage"));
    }

    @Test
    void withoutMaxTokensTheConfiguredDefaultApplies() {
        JsonNode response = ok(URI, Wire.chat("seed", 9));
        assertThat(response.get("usage").get("completion_tokens").asInt()).isBetween(1, 8);
    }

    @Test
    void unknownFieldsAreIgnored() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 2, "some_future_field", Map.of("x", 1), "user", "u-1",
                "parallel_tool_calls", false, "tool_choice", "none", "response_format", Map.of("type", "text")));
        assertThat(response.get("choices")).hasSize(1);
    }

    @Test
    void streamFramesChunksLikeOpenAi() {
        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 6, "seed", 5, "stream", true)));

        String id = chunks.get(0).get("id").asString();
        assertThat(id).startsWith("chatcmpl-");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("id").asString()).isEqualTo(id);
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asString()).isEqualTo(MODEL);
            assertThat(chunk.has("usage")).as("no usage without include_usage").isFalse();
            assertThat(chunk.get("choices")).hasSize(1);
        }
        JsonNode first = chunks.get(0).get("choices").get(0);
        assertThat(first.get("delta").get("role").asString()).isEqualTo("assistant");
        assertThat(first.get("finish_reason").isNull()).isTrue();
        for (JsonNode chunk : chunks.subList(1, chunks.size())) {
            assertThat(chunk.get("choices").get(0).get("delta").has("role")).isFalse();
        }
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.get("choices").get(0).get("finish_reason").asString()).isIn("stop", "length");
        assertThat(last.get("choices").get(0).get("delta").isEmpty()).isTrue();
        assertThat(last.get("aspd").get("visible_tokens").asInt()).isPositive();
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.get("choices").get(0).get("finish_reason").isNull()).isTrue();
            assertThat(chunk.has("aspd")).isFalse();
        }
    }

    @Test
    void includeUsageAddsOneUsageChunkBeforeDone() {
        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 4, "seed", 5, "stream", true,
                "stream_options", Map.of("include_usage", true))));

        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.get("choices")).isEmpty();
        JsonNode usage = usageChunk.get("usage");
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(chunk -> chunk.has("usage"));

        List<JsonNode> withoutOptIn = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 4, "seed", 5, "stream", true,
                "stream_options", Map.of("include_usage", false))));
        assertThat(withoutOptIn).noneMatch(chunk -> chunk.has("usage"));
    }

    @Test
    void streamedTextJoinedEqualsTheWholeAnswerForTheSameSeed() {
        for (long seed : new long[] {1, 2, 3}) {
            JsonNode whole = ok(URI, Wire.chat("max_tokens", 10, "seed", seed));
            List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 10, "seed", seed, "stream", true,
                    "stream_options", Map.of("include_usage", true))));

            assertThat(Wire.joinedText(chunks, 0))
                    .isEqualTo(whole.get("choices").get(0).get("message").get("content").asString());
            assertThat(chunks.get(chunks.size() - 1).get("usage")).isEqualTo(whole.get("usage"));
            JsonNode finish = chunks.get(chunks.size() - 2);
            assertThat(finish.get("choices").get(0).get("finish_reason"))
                    .isEqualTo(whole.get("choices").get(0).get("finish_reason"));
            assertThat(finish.get("aspd")).isEqualTo(whole.get("aspd"));
        }
    }

    @Test
    void aRequestWithoutSamplingParametersGetsTheModelsRecommendedGreedyDecoding() {
        // the test model's generation_config.json says "do_sample": false
        JsonNode response = ok(URI, Wire.chat("max_tokens", 6, "seed", 21, "n", 3));
        List<String> texts = new ArrayList<>();
        response.get("choices").forEach(c -> texts.add(c.get("message").get("content").asString()));
        assertThat(texts).hasSize(3).containsOnly(texts.get(0));
        String greedy = ok(URI, Wire.chat("max_tokens", 6, "temperature", 0)).get("choices").get(0).get("message")
                .get("content").asString();
        assertThat(texts.get(0)).isEqualTo(greedy);
    }

    @Test
    void eachOfNChoicesIsItsOwnGeneration() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 6, "seed", 21, "n", 3, "temperature", 1));

        JsonNode choices = response.get("choices");
        assertThat(choices).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(choices.get(i).get("index").asInt()).isEqualTo(i);
        }
        List<String> texts = new ArrayList<>();
        choices.forEach(c -> texts.add(c.get("message").get("content").asString()));
        assertThat(texts).as("sampled choices differ").doesNotHaveDuplicates();
        assertThat(response.get("aspd").get("visible_tokens").asInt()
                + response.get("aspd").get("markup_tokens").asInt())
                .isEqualTo(response.get("usage").get("completion_tokens").asInt());

        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 6, "seed", 21, "n", 3,
                "temperature", 1, "stream", true)));
        for (int i = 0; i < 3; i++) {
            List<JsonNode> own = Wire.choiceChunks(chunks, i);
            assertThat(own.get(0).get("delta").get("role").asString()).isEqualTo("assistant");
            assertThat(own.subList(0, own.size() - 1)).allMatch(c -> c.get("finish_reason").isNull());
            assertThat(own.get(own.size() - 1).get("finish_reason").asString()).isIn("stop", "length");
            assertThat(Wire.joinedText(chunks, i)).isEqualTo(texts.get(i));
        }
    }

    @Test
    void sixteenChoicesShareOneAdmissionOnTheDefaultSettings() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 2, "seed", 4, "n", 16));

        JsonNode choices = response.get("choices");
        assertThat(choices).hasSize(16);
        for (int i = 0; i < 16; i++) {
            assertThat(choices.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(choices.get(i).get("finish_reason").asString()).isIn("stop", "length");
        }
    }

    @Test
    void tooManyChoicesAreRefusedNamingTheCapAndItsReason() {
        JsonNode error = Wire.json(post(URI, Wire.chat("max_tokens", 2, "n", 17)).expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody()).get("error");

        assertThat(error.get("param").asString()).isEqualTo("n");
        assertThat(error.get("message").asString()).contains("17", "at most 16", "aspd.engine.max-sequences",
                "decoded in the same batch");
    }

    @Test
    void aRequestWithoutSeedStillAnswers() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 3));
        assertThat(response.get("choices").get(0).get("message").get("content").isString()).isTrue();
    }

    @Test
    void stopStringsEndTheAnswerWhereTheyFirstOccur() {
        String full = ok(URI, Wire.chat("max_tokens", 24, "seed", 8, "temperature", 0.7))
                .get("choices").get(0).get("message").get("content").asString();
        assertThat(full.length()).as("the unstopped answer, to cut").isGreaterThan(6);
        String stop = full.substring(full.length() / 2, full.length() / 2 + 2);
        String expected = full.substring(0, full.indexOf(stop));

        JsonNode stopped = ok(URI, Wire.chat("max_tokens", 24, "seed", 8, "temperature", 0.7, "stop", List.of(stop)));
        assertThat(stopped.get("choices").get(0).get("message").get("content").asString()).isEqualTo(expected);
        assertThat(stopped.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");

        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 24, "seed", 8, "temperature", 0.7,
                "stop", stop, "stream", true)));
        assertThat(Wire.joinedText(chunks, 0)).isEqualTo(expected);
    }

    @Test
    void logprobsCoverEveryVisibleTokenInOpenAisShape() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 8, "seed", 3, "logprobs", true, "top_logprobs", 3));

        JsonNode content = response.get("choices").get(0).get("logprobs").get("content");
        assertThat(content).hasSize(response.get("aspd").get("visible_tokens").asInt());
        for (JsonNode entry : content) {
            String token = entry.get("token").asString();
            assertThat(entry.get("logprob").asDouble()).isLessThanOrEqualTo(0);
            assertThat(bytes(entry.get("bytes"))).isEqualTo(token.getBytes(StandardCharsets.UTF_8));
            JsonNode top = entry.get("top_logprobs");
            assertThat(top).hasSize(3);
            for (int i = 1; i < top.size(); i++) {
                assertThat(top.get(i).get("logprob").asDouble()).isLessThanOrEqualTo(top.get(i - 1).get("logprob").asDouble());
            }
            assertThat(entry.get("logprob").asDouble()).isLessThanOrEqualTo(top.get(0).get("logprob").asDouble());
        }

        List<JsonNode> chunks = Wire.sseChunks(stream(URI, Wire.chat("max_tokens", 8, "seed", 3, "logprobs", true,
                "top_logprobs", 3, "stream", true)));
        List<JsonNode> streamed = new ArrayList<>();
        for (JsonNode choice : Wire.choiceChunks(chunks, 0)) {
            if (!choice.get("logprobs").isNull()) {
                choice.get("logprobs").get("content").forEach(streamed::add);
            }
        }
        assertThat(streamed).containsExactlyElementsOf(content);
    }

    @Test
    void returnTokenIdsGivesPromptAndAnswerIds() {
        JsonNode response = ok(URI, Wire.chat("max_tokens", 5, "seed", 2, "return_token_ids", true));
        JsonNode tokenIds = response.get("choices").get(0).get("token_ids");
        assertThat(tokenIds).hasSize(response.get("usage").get("completion_tokens").asInt());
        assertThat(response.get("prompt_token_ids")).hasSize(response.get("usage").get("prompt_tokens").asInt());

        String decoded = ok("/detokenize", Wire.object("tokens", tokenIds)).get("prompt").asString();
        assertThat(decoded).startsWith(response.get("choices").get(0).get("message").get("content").asString());
    }

    @Test
    void aspdModesAndStructureAreAccepted() {
        for (String mode : List.of("parallel", "sequential", "off")) {
            JsonNode response = ok(URI, Wire.chat("max_tokens", 4, "seed", 6,
                    "aspd", Map.of("mode", mode, "max_branches", 2, "include_structure", true)));
            JsonNode structure = response.get("aspd").get("structure");
            assertThat(structure).hasSize(1);
            assertThat(structure.get(0).get("index").asInt()).isZero();
            StringBuilder rendered = new StringBuilder();
            structure.get(0).get("segments").forEach(s -> rendered.append(s.get("text").asString()));
            assertThat(rendered.toString())
                    .isEqualTo(response.get("choices").get(0).get("message").get("content").asString());
        }
    }

    private static byte[] bytes(JsonNode array) {
        byte[] bytes = new byte[array.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) array.get(i).asInt();
        }
        return bytes;
    }
}
