package io.aspd.engine.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.model.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The trie walk's mask equals the mask found by trying every token, on states reached by random walks. */
class TokenMaskTest {
    static final Path EMBEDDED = Path.of("models/aspd-mini");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final List<String> SCHEMAS = List.of(
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":6},"
                    + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"bb\",7]},\"maxItems\":3},"
                    + "\"n\":{\"type\":\"number\"},\"ok\":{\"type\":\"boolean\"}},"
                    + "\"required\":[\"name\",\"n\"],\"additionalProperties\":false}",
            "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]}",
            "{\"anyOf\":[{\"type\":\"string\",\"minLength\":2},{\"type\":\"array\",\"items\":{\"type\":\"null\"}}]}",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"],"
                    + "\"additionalProperties\":false}");

    private static TextTokenizer tokenizer;
    private static TokenVocabulary embedded;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(EMBEDDED);
        embedded = TokenVocabulary.load(EMBEDDED, tokenizer, 2313);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void embeddedVocabularyBytesMatchTheTokenizersDecoding() {
        int checked = 0;
        for (int id = 0; id < embedded.size(); id++) {
            byte[] bytes = embedded.bytes(id);
            if (bytes == null) {
                assertThat(embedded.isSpecial(id)).isTrue();
                continue;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
                assertThat(tokenizer.decode(new int[] {id})).as("token %d", id).isEqualTo(text);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(2000);
        assertThat(new TokenMasker(embedded).coversAscii()).isTrue();
    }

    @Test
    void embeddedVocabularyMasksEqualBruteForce() {
        compareOnRandomWalks(new TokenMasker(embedded), 12, 40, 1);
    }

    @Test
    void largeSyntheticVocabularyMasksEqualBruteForce() {
        compareOnRandomWalks(new TokenMasker(TokenVocabulary.synthetic(150_000, 7)), 1, 10, 2);
    }

    private static void compareOnRandomWalks(TokenMasker masker, int walksPerConstraint, int steps, long seed) {
        Random random = new Random(seed);
        List<OutputConstraint> constraints = new java.util.ArrayList<>();
        for (String schema : SCHEMAS) {
            constraints.add(OutputConstraint.jsonSchema(masker, MAPPER.readTree(schema), true));
        }
        constraints.add(OutputConstraint.jsonObject(masker));
        List<ToolDefinition> tools = List.of(new ToolDefinition("lookup", MAPPER.readTree(SCHEMAS.get(1)), true),
                new ToolDefinition("list", MAPPER.readTree(SCHEMAS.get(2)), true));
        constraints.add(OutputConstraint.toolCalls(masker, tools, ToolChoice.auto(), true, ToolCallFormat.HERMES));
        constraints.add(OutputConstraint.toolCalls(masker, tools, ToolChoice.required(), false, ToolCallFormat.HERMES));
        BitSet fast = new BitSet();
        BitSet slow = new BitSet();
        int compared = 0;
        for (OutputConstraint constraint : constraints) {
            for (int walk = 0; walk < walksPerConstraint; walk++) {
                int budget = random.nextBoolean() ? Integer.MAX_VALUE : 10 + random.nextInt(40);
                AutomatonConstraint c = (AutomatonConstraint) constraint.newConstraint(budget);
                for (int step = 0; step < steps; step++) {
                    c.allowedTokens(fast);
                    masker.bruteForce(c.state(), c.tokensLeft(), slow);
                    assertThat(fast).as("mask at step %d", step).isEqualTo(slow);
                    compared++;
                    if (fast.isEmpty()) {
                        break;
                    }
                    int token = pick(fast, random, masker.vocabulary());
                    if (masker.vocabulary().isEos(token)) {
                        break;
                    }
                    c.advance(token);
                }
            }
        }
        assertThat(compared).isGreaterThan(constraints.size() * walksPerConstraint);
    }

    /** A random allowed token, EOS rarely, so that walks get deep. */
    static int pick(BitSet allowed, Random random, TokenVocabulary vocabulary) {
        int[] ids = allowed.stream().toArray();
        int id = ids[random.nextInt(ids.length)];
        if (vocabulary.isEos(id) && ids.length > 1 && random.nextInt(4) > 0) {
            return pick(allowed, random, vocabulary);
        }
        return id;
    }
}
