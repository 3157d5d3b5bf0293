package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdMarkupParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers with parallel blocks, end to end through the API, on the embedded model: each question asks two things, and
 * the model answers each with a block (two blocks of six to nine branches in all, sampled with a fixed seed).
 */
class AspdStructureTest extends EmbeddedModelServerTest {
    private static final String URI = "/v1/chat/completions";
    private static final String COMPLETIONS_URI = "/v1/completions";
    private static final int BUDGET = 400;
    private static final long SEED = 1;
    /** The embedded model's end of turn, which ends a complete answer. */
    private static final String EOS = "<|im_end|>";
    private static final String[] QUESTIONS = {
        "How can I lower my bill? Also, please tell me how I can pay.",
        "What delivery options do you have? Also, please tell me what the installation options are.",
        "Any tips for better Wi-Fi? And how do I protect my home network?",
    };

    private static List<Object> question(int index) {
        return List.of("messages", List.of(Map.of("role", "user", "content", QUESTIONS[index])));
    }

    private JsonNode answer(int question, Object... fields) {
        List<Object> all = new ArrayList<>(List.of("max_tokens", BUDGET, "seed", SEED));
        all.addAll(question(question));
        all.addAll(List.of(fields));
        return ok(URI, Wire.chat(all.toArray()));
    }

    private String streamed(int question, Object... fields) {
        List<Object> all = new ArrayList<>(List.of("max_tokens", BUDGET, "seed", SEED, "stream", true));
        all.addAll(question(question));
        all.addAll(List.of(fields));
        return stream(URI, Wire.chat(all.toArray()));
    }

    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 1, 2})
    void blocksStreamInDocumentOrderAndRenderAsTheAnswer(int question) {
        JsonNode whole = answer(question, "aspd", Map.of("include_structure", true));
        String content = content(whole);
        JsonNode aspd = whole.get("aspd");
        AspdDocument document = document(aspd.get("structure").get(0).get("segments"));

        assertThat(whole.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
        assertThat(aspd.get("blocks").asInt()).as("a block for each part of the question").isGreaterThanOrEqualTo(2);
        assertThat(document.blocks()).hasSize(aspd.get("blocks").asInt());
        assertThat(document.blocks().stream().mapToInt(b -> b.branches().size()).sum())
                .isEqualTo(aspd.get("branches").asInt());
        assertThat(aspd.get("parallel_share").asDouble()).isPositive();
        assertThat(document.render()).isEqualTo(content);

        List<JsonNode> chunks = Wire.sseChunks(streamed(question));
        assertThat(Wire.joinedText(chunks, 0)).isEqualTo(content);
        JsonNode streamedAspd = chunks.get(chunks.size() - 1).get("aspd");
        for (String field : List.of("blocks", "branches", "forward_passes", "visible_tokens", "markup_tokens")) {
            assertThat(streamedAspd.get(field)).as(field).isEqualTo(aspd.get(field));
        }
    }

    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 2})
    void sequentialDecodingGivesTheSameAnswerInMoreForwardPasses(int question) {
        JsonNode parallel = answer(question, "aspd", Map.of("mode", "parallel"));
        JsonNode sequential = answer(question, "aspd", Map.of("mode", "sequential"));

        assertThat(content(sequential)).isEqualTo(content(parallel));
        assertThat(uncached(sequential.get("usage"))).isEqualTo(uncached(parallel.get("usage")));
        assertThat(parallel.get("aspd").get("forward_passes").asInt())
                .isLessThan(sequential.get("aspd").get("forward_passes").asInt());
        assertThat(parallel.get("aspd").get("step_ratio").asDouble())
                .isGreaterThan(sequential.get("aspd").get("step_ratio").asDouble());
    }

    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 2})
    void fewerAllowedBranchesKeepTheAnswer(int question) {
        JsonNode wide = answer(question, "aspd", Map.of("max_branches", 8));
        JsonNode narrow = answer(question, "aspd", Map.of("max_branches", 2));

        assertThat(content(narrow)).isEqualTo(content(wide));
        assertThat(narrow.get("aspd").get("forward_passes").asInt())
                .isGreaterThanOrEqualTo(wide.get("aspd").get("forward_passes").asInt());
    }

    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 2})
    void withAspdOffThereAreNoBlocks(int question) {
        JsonNode off = answer(question, "aspd", Map.of("mode", "off", "include_structure", true));

        assertThat(off.get("aspd").get("blocks").asInt()).isZero();
        assertThat(off.get("aspd").get("branches").asInt()).isZero();
        assertThat(document(off.get("aspd").get("structure").get(0).get("segments")).hasBlocks()).isFalse();
    }

    /**
     * The logprob tokens join to the content, whole and chunk by chunk: one entry per visible token (a branch body's
     * first token without the space rendering drops) and one "\n" entry for each separator between two branches.
     */
    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 2})
    void logprobTokensJoinToTheContentInDocumentOrder(int question) {
        JsonNode whole = answer(question, "logprobs", true);
        JsonNode entries = whole.get("choices").get(0).get("logprobs").get("content");
        JsonNode aspd = whole.get("aspd");
        int separators = aspd.get("branches").asInt() - aspd.get("blocks").asInt();
        assertThat(separators).isPositive();
        assertThat(entries).hasSize(aspd.get("visible_tokens").asInt() + separators);
        assertThat(joined(entries, "token")).isEqualTo(content(whole));

        List<JsonNode> chunks = Wire.sseChunks(streamed(question, "logprobs", true));
        List<JsonNode> streamed = new ArrayList<>();
        for (JsonNode choice : Wire.choiceChunks(chunks, 0)) {
            JsonNode delta = choice.get("delta").get("content");
            if (choice.get("logprobs").isNull()) {
                assertThat(delta == null || delta.isNull()).as("text without logprobs: %s", choice).isTrue();
                continue;
            }
            JsonNode chunkEntries = choice.get("logprobs").get("content");
            assertThat(joined(chunkEntries, "token")).isEqualTo(delta.asString());
            chunkEntries.forEach(streamed::add);
        }
        assertThat(streamed).containsExactlyElementsOf(entries);
    }

    /** The same rule for the legacy completions: {@code tokens} join to the text, whole and chunk by chunk. */
    @Test
    void completionLogprobTokensJoinToTheTextAndTheUsageShowsTheMarkup() {
        JsonNode tokenized = ok("/tokenize", Wire.object(question(0).toArray()));
        List<Object> fields = List.of("prompt", tokenized.get("tokens"), "max_tokens", BUDGET, "seed", SEED,
                "logprobs", 1);
        JsonNode whole = ok(COMPLETIONS_URI, Wire.completion(fields.toArray()));
        JsonNode choice = whole.get("choices").get(0);
        JsonNode aspd = whole.get("aspd");
        assertThat(aspd.get("blocks").asInt()).isPositive();
        JsonNode logprobs = choice.get("logprobs");
        assertThat(joined(logprobs.get("tokens"), null)).isEqualTo(choice.get("text").asString());
        int offset = 0;
        for (int i = 0; i < logprobs.get("tokens").size(); i++) {
            assertThat(logprobs.get("text_offset").get(i).asInt()).isEqualTo(offset);
            offset += logprobs.get("tokens").get(i).asString().length();
        }
        assertUsageDetails(whole.get("usage"), aspd);

        List<Object> streaming = new ArrayList<>(fields);
        streaming.addAll(List.of("stream", true, "stream_options", Map.of("include_usage", true)));
        List<JsonNode> chunks = Wire.sseChunks(stream(COMPLETIONS_URI, Wire.completion(streaming.toArray())));
        StringBuilder streamedTokens = new StringBuilder();
        for (JsonNode c : Wire.choiceChunks(chunks, 0)) {
            if (!c.get("logprobs").isNull()) {
                assertThat(joined(c.get("logprobs").get("tokens"), null)).isEqualTo(c.get("text").asString());
                streamedTokens.append(joined(c.get("logprobs").get("tokens"), null));
            }
        }
        assertThat(streamedTokens.toString()).isEqualTo(choice.get("text").asString());
        assertThat(uncached(chunks.get(chunks.size() - 1).get("usage"))).isEqualTo(uncached(whole.get("usage")));
    }

    @Test
    void chatUsageShowsTheMarkupInOpenAisCompletionTokensDetails() {
        JsonNode whole = answer(1);
        assertThat(whole.get("aspd").get("blocks").asInt()).isPositive();
        assertUsageDetails(whole.get("usage"), whole.get("aspd"));

        List<JsonNode> chunks = Wire.sseChunks(streamed(1, "stream_options", Map.of("include_usage", true)));
        assertThat(uncached(chunks.get(chunks.size() - 1).get("usage"))).isEqualTo(uncached(whole.get("usage")));
    }

    /** OpenAI's keys, zero where they do not apply; the markup count is what ASPD added and nobody sees. */
    private static void assertUsageDetails(JsonNode usage, JsonNode aspd) {
        JsonNode details = usage.get("completion_tokens_details");
        for (String key : List.of("reasoning_tokens", "audio_tokens", "accepted_prediction_tokens",
                "rejected_prediction_tokens")) {
            assertThat(details.get(key).asInt()).as(key).isZero();
        }
        int markup = details.get("aspd_markup_tokens").asInt();
        assertThat(markup).isEqualTo(aspd.get("markup_tokens").asInt()).isPositive();
        assertThat(markup + aspd.get("visible_tokens").asInt()).isEqualTo(usage.get("completion_tokens").asInt());
        int cached = usage.get("prompt_tokens_details").get("cached_tokens").asInt();
        assertThat(cached % 16).as("whole prefix cache blocks").isZero();
        assertThat(cached).isBetween(0, usage.get("prompt_tokens").asInt() - 1);
        assertThat(usage.get("prompt_tokens_details").get("audio_tokens").asInt()).isZero();
    }

    /**
     * The usage without {@code cached_tokens}: asking the same prompt again finds its blocks in the prefix cache, which
     * changes that count and nothing else.
     */
    private static JsonNode uncached(JsonNode usage) {
        ObjectNode copy = (ObjectNode) usage.deepCopy();
        ((ObjectNode) copy.get("prompt_tokens_details")).remove("cached_tokens");
        return copy;
    }

    /** The texts of a list of logprob entries (by {@code field}) or of strings ({@code field} null), joined. */
    private static String joined(JsonNode list, String field) {
        StringBuilder text = new StringBuilder();
        list.forEach(item -> text.append((field == null ? item : item.get(field)).asString()));
        return text.toString();
    }

    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 1, 2})
    void tokenIdsAreTheFlatMarkupInDocumentOrder(int question) {
        JsonNode whole = answer(question, "return_token_ids", true);
        JsonNode ids = whole.get("choices").get(0).get("token_ids");
        String flat = ok("/detokenize", Wire.object("tokens", ids)).get("prompt").asString();

        assertThat(ids).hasSize(whole.get("usage").get("completion_tokens").asInt());
        assertThat(whole.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
        assertThat(flat).endsWith(EOS);
        AspdDocument parsed = AspdMarkupParser.parse(flat.substring(0, flat.length() - EOS.length()));
        assertThat(parsed.blocks()).hasSize(whole.get("aspd").get("blocks").asInt());
        assertThat(parsed.render()).isEqualTo(content(whole));
    }

    private static String content(JsonNode response) {
        return response.get("choices").get(0).get("message").get("content").asString();
    }

    private static AspdDocument document(JsonNode segments) {
        List<AspdDocument.Segment> parsed = new ArrayList<>();
        for (JsonNode segment : segments) {
            if (segment.get("type").asString().equals("serial")) {
                parsed.add(new AspdDocument.Serial(segment.get("text").asString()));
            } else {
                List<AspdDocument.Branch> branches = new ArrayList<>();
                segment.get("branches").forEach(b -> branches.add(
                        new AspdDocument.Branch(b.get("title").asString(), b.get("text").asString())));
                parsed.add(new AspdDocument.Block(branches));
            }
        }
        return new AspdDocument(parsed);
    }
}
