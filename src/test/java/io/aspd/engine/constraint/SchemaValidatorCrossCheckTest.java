package io.aspd.engine.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * The automaton against networknt's JSON Schema validator (draft 2020-12) on random schemas: documents written by
 * random walks through the automaton parse and validate; random valid instances (compact or pretty-printed) are
 * accepted; random corruptions of them are accepted only when they still validate.
 */
class SchemaValidatorCrossCheckTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void automatonAndValidatorAgreeOnRandomSchemasAndDocuments() {
        Random random = new Random(12);
        RandomSchemas schemas = new RandomSchemas(random);
        int walked = 0;
        int instances = 0;
        int corruptedAccepted = 0;
        for (int s = 0; s < 250; s++) {
            JsonNode schemaNode = schemas.schema(3);
            String schemaText = schemaNode.toString();
            Schema validator = REGISTRY.getSchema(schemaText);
            JsonGrammar grammar;
            try {
                grammar = SchemaCompiler.compile(schemaNode, true);
            } catch (SchemaException e) {
                // an empty intersection, e.g. an enum none of whose values has the required type
                assertThat(e).hasMessageContaining("no finite JSON document");
                continue;
            }
            for (int w = 0; w < 8; w++) {
                String document = randomWalk(grammar, random, 20 + random.nextInt(150));
                JsonNode parsed = RandomSchemas.MAPPER.readTree(document);
                assertThat(validator.validate(parsed)).as("schema %s, walked document %s", schemaText, document)
                        .isEmpty();
                walked++;
            }
            for (int i = 0; i < 10; i++) {
                JsonNode instance = schemas.instance(schemaNode, schemaNode, 0);
                assertThat(validator.validate(instance)).as("generator bug: %s for %s", instance, schemaText).isEmpty();
                String document = random.nextBoolean() ? RandomSchemas.MAPPER.writeValueAsString(instance)
                        : RandomSchemas.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(instance);
                if (maxDepth(instance) <= 3) {
                    assertThat(JsonAutomatonCorpusTest.accepts(grammar, document))
                            .as("schema %s accepts %s", schemaText, document).isTrue();
                    instances++;
                }
                String corrupted = corrupt(document, random);
                if (JsonAutomatonCorpusTest.accepts(grammar, corrupted)) {
                    assertThat(validator.validate(RandomSchemas.MAPPER.readTree(corrupted)))
                            .as("schema %s, accepted corruption %s", schemaText, corrupted).isEmpty();
                    corruptedAccepted++;
                }
            }
        }
        assertThat(walked).isGreaterThan(1500);
        assertThat(instances).isGreaterThan(1500);
        assertThat(corruptedAccepted).isGreaterThan(0);
    }

    /** Bytes a walk tries: tab to tilde, and the bytes of a few multi-byte characters. */
    private static final int[] CANDIDATE_BYTES = candidateBytes();

    private static int[] candidateBytes() {
        java.util.Set<Integer> bytes = new java.util.TreeSet<>();
        for (int b = 0x09; b <= 0x7E; b++) {
            bytes.add(b);
        }
        for (byte b : "é€中😀".getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xFF);
        }
        return bytes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A document from random allowed bytes; after {@code length} bytes it closes along the shortest finish, which
     * must shorten by at least one byte per step (the property the token budget relies on).
     */
    static String randomWalk(JsonGrammar grammar, Random random, int length) {
        JsonState state = grammar.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = 0;
        while (true) {
            List<Integer> allowed = new ArrayList<>();
            JsonState shortest = null;
            int shortestByte = -1;
            for (int b : CANDIDATE_BYTES) {
                JsonState next = state.step(b);
                if (next != null) {
                    allowed.add(b);
                    if (shortest == null || next.minBytesToEnd() < shortest.minBytesToEnd()) {
                        shortest = next;
                        shortestByte = b;
                    }
                }
            }
            if (state.canEnd() && (written >= length || allowed.isEmpty() || random.nextInt(20) == 0)) {
                assertThat(state.minBytesToEnd()).isZero();
                return out.toString(StandardCharsets.UTF_8);
            }
            assertThat(allowed).as("dead end after %s", out.toString(StandardCharsets.UTF_8)).isNotEmpty();
            if (written >= length) {
                assertThat(shortest.minBytesToEnd()).as("finish after %s", out.toString(StandardCharsets.UTF_8))
                        .isLessThanOrEqualTo(state.minBytesToEnd() - 1);
                state = shortest;
                out.write(shortestByte);
            } else {
                int b = allowed.get(random.nextInt(allowed.size()));
                state = state.step(b);
                out.write(b);
            }
            written++;
        }
    }

    private static String corrupt(String document, Random random) {
        StringBuilder text = new StringBuilder(document);
        int at = random.nextInt(text.length() + 1);
        String noise = "{}[]:,\"\\ 0-e.tn";
        switch (random.nextInt(3)) {
            case 0 -> {
                if (at < text.length()) {
                    text.deleteCharAt(at);
                }
            }
            case 1 -> text.insert(at, noise.charAt(random.nextInt(noise.length())));
            default -> {
                if (at < text.length()) {
                    text.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
                }
            }
        }
        return text.toString();
    }

    private static int maxDepth(JsonNode node) {
        int depth = 0;
        for (JsonNode child : node) {
            depth = Math.max(depth, maxDepth(child));
        }
        return node.isObject() || node.isArray() ? depth + 1 : 0;
    }
}
