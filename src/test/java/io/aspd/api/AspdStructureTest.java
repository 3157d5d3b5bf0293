package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdMarkupParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Answers with parallel blocks, end to end through the API, on the embedded model: each question asks two things, and
 * the model answers each with a block (two blocks of six to nine branches in all, sampled with a fixed seed).
 */
class AspdStructureTest extends EmbeddedModelServerTest {
    private static final String URI = "/v1/chat/completions";
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
        assertThat(sequential.get("usage")).isEqualTo(parallel.get("usage"));
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

    @ParameterizedTest(name = "question {0}")
    @ValueSource(ints = {0, 2})
    void logprobsCoverBranchTokensInDocumentOrder(int question) {
        JsonNode whole = answer(question, "logprobs", true);
        JsonNode entries = whole.get("choices").get(0).get("logprobs").get("content");
        assertThat(entries).hasSize(whole.get("aspd").get("visible_tokens").asInt());

        List<JsonNode> chunks = Wire.sseChunks(streamed(question, "logprobs", true));
        List<JsonNode> streamed = new ArrayList<>();
        Wire.choiceChunks(chunks, 0).stream().filter(c -> !c.get("logprobs").isNull())
                .forEach(c -> c.get("logprobs").get("content").forEach(streamed::add));
        assertThat(streamed).containsExactlyElementsOf(entries);
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
