package io.aspd.engine.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.aspd.model.CausalLm;
import io.aspd.model.KvCache;
import io.aspd.model.SequenceRows;
import io.aspd.model.TextTokenizer;
import io.aspd.testkit.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Sampling from a random-weight model (which writes garbage when free) under the mask, with a plain loop: a batched
 * forward, the mask applied to each row, a seeded categorical sample, advance. Every answer must be complete and
 * valid, also when the token budget runs out first.
 */
class ConstrainedSamplingTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String ANSWER_SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"maxLength\":12},\"age\":{\"type\":\"integer\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"vip\",\"new\"]},\"maxItems\":2},"
            + "\"note\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}},"
            + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";
    private static final String ORDER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\","
            + "\"minLength\":3}},\"required\":[\"order_id\"],\"additionalProperties\":false}";
    private static final String TICKET_SCHEMA = "{\"type\":\"object\",\"properties\":{\"priority\":{\"enum\":"
            + "[\"low\",\"high\"]},\"text\":{\"type\":\"string\"}},\"required\":[\"priority\"]}";

    @TempDir
    static Path dir;
    private static CausalLm model;
    private static TextTokenizer tokenizer;
    private static TokenMasker masker;
    private static int[] prompt;

    @BeforeAll
    static void load() {
        TestModels.tinyRandom(dir);
        model = CausalLm.load(dir);
        tokenizer = TextTokenizer.load(dir);
        masker = new TokenMasker(TokenVocabulary.load(dir, tokenizer, model.config().vocabSize()));
        prompt = tokenizer.encode("<|im_start|>assistant\n");
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    @Test
    void thousandSampledJsonAnswersParseAndValidate() {
        Schema validator = REGISTRY.getSchema(ANSWER_SCHEMA);
        OutputConstraint constraint = OutputConstraint.jsonSchema(masker,
                RandomSchemas.MAPPER.readTree(ANSWER_SCHEMA), true);
        int budget = 32;
        List<Sample> samples = sample(1000, budget, () -> constraint.newConstraint(budget), 1);
        int closedByBudget = 0;
        for (Sample sample : samples) {
            assertThat(sample.constraint.canEnd()).as("complete: %s", sample.text).isTrue();
            JsonNode answer = RandomSchemas.MAPPER.readTree(sample.text);
            assertThat(validator.validate(answer)).as("valid: %s", sample.text).isEmpty();
            closedByBudget += sample.tokens == budget ? 1 : 0;
        }
        // the budget is tight for this garbage-writing model: many answers were steered shut at the last token
        assertThat(closedByBudget).isGreaterThan(20);
    }

    @Test
    void requiredToolCallsNameADeclaredToolWithValidArguments() {
        Map<String, Schema> validators = Map.of("lookup_order", REGISTRY.getSchema(ORDER_SCHEMA),
                "open_ticket", REGISTRY.getSchema(TICKET_SCHEMA));
        List<ToolDefinition> tools = List.of(
                new ToolDefinition("lookup_order", RandomSchemas.MAPPER.readTree(ORDER_SCHEMA), true),
                new ToolDefinition("open_ticket", RandomSchemas.MAPPER.readTree(TICKET_SCHEMA), true));
        ToolCallParser parser = new ToolCallParser(ToolCallFormat.HERMES);
        for (boolean parallel : new boolean[] {false, true}) {
            OutputConstraint constraint = OutputConstraint.toolCalls(masker, tools, ToolChoice.required(), parallel,
                    ToolCallFormat.HERMES);
            int budget = constraint.minTokens() + 24;
            for (Sample sample : sample(100, budget, () -> constraint.newConstraint(budget), parallel ? 3 : 2)) {
                ToolCallParser.Parsed parsed = parser.parse(sample.text);
                assertThat(parsed.complete()).as(sample.text).isTrue();
                assertThat(parsed.content()).isNull();
                assertThat(parsed.calls()).as(sample.text).isNotEmpty();
                if (!parallel) {
                    assertThat(parsed.calls()).hasSize(1);
                }
                for (ToolCallParser.ToolCall call : parsed.calls()) {
                    assertThat(validators).containsKey(call.name());
                    assertThat(validators.get(call.name()).validate(RandomSchemas.MAPPER.readTree(call.argumentsJson())))
                            .as(sample.text).isEmpty();
                }
            }
        }
    }

    @Test
    void namedToolChoiceForcesThatTool() {
        List<ToolDefinition> tools = List.of(
                new ToolDefinition("lookup_order", RandomSchemas.MAPPER.readTree(ORDER_SCHEMA), true),
                new ToolDefinition("open_ticket", RandomSchemas.MAPPER.readTree(TICKET_SCHEMA), true));
        OutputConstraint constraint = OutputConstraint.toolCalls(masker, tools, ToolChoice.named("open_ticket"), false,
                ToolCallFormat.HERMES);
        int budget = constraint.minTokens() + 16;
        for (Sample sample : sample(20, budget, () -> constraint.newConstraint(budget), 4)) {
            List<ToolCallParser.ToolCall> calls = new ToolCallParser(ToolCallFormat.HERMES).parse(sample.text).calls();
            assertThat(calls).extracting(ToolCallParser.ToolCall::name).containsExactly("open_ticket");
        }
    }

    @Test
    void withAJsonAnswerFormatEachAutoAnswerIsCallsOrAValidDocument() {
        Schema answers = REGISTRY.getSchema(ANSWER_SCHEMA);
        Schema orders = REGISTRY.getSchema(ORDER_SCHEMA);
        List<ToolDefinition> tools = List.of(
                new ToolDefinition("lookup_order", RandomSchemas.MAPPER.readTree(ORDER_SCHEMA), true));
        OutputConstraint answer = OutputConstraint.jsonSchema(masker, RandomSchemas.MAPPER.readTree(ANSWER_SCHEMA),
                true);
        OutputConstraint constraint = OutputConstraint.toolCallsOrAnswer(masker, tools, ToolChoice.auto(), true,
                ToolCallFormat.HERMES, answer);
        ToolCallParser parser = new ToolCallParser(ToolCallFormat.HERMES, false);
        int budget = 40;
        int calls = 0;
        int documents = 0;
        for (Sample sample : sample(300, budget, () -> constraint.newConstraint(budget), 7)) {
            assertThat(sample.constraint.canEnd()).as("complete: %s", sample.text).isTrue();
            if (sample.text.startsWith(ToolCallFormat.HERMES.open())) {
                calls++;
                ToolCallParser.Parsed parsed = parser.parse(sample.text);
                assertThat(parsed.complete()).as(sample.text).isTrue();
                assertThat(parsed.content()).isNull();
                assertThat(parsed.calls()).as(sample.text).isNotEmpty().allSatisfy(call -> assertThat(
                        orders.validate(RandomSchemas.MAPPER.readTree(call.argumentsJson()))).isEmpty());
            } else {
                documents++;
                assertThat(parser.parse(sample.text).calls()).isEmpty();
                assertThat(answers.validate(RandomSchemas.MAPPER.readTree(sample.text))).as(sample.text).isEmpty();
            }
        }
        assertThat(calls + documents).isEqualTo(300);

        // the random model happens to open JSON every time; the call side of the union, byte by byte:
        assertThat(walk(constraint, "<tool_call>\n{\"name\": \"lookup_order\", \"arguments\": {\"order_id\": "
                + "\"A-42\"}}\n</tool_call>")).isTrue();
        assertThat(walk(constraint, " {\"name\": \"<tool_call>\", \"age\": 3}")).isTrue();
        // no free text before a call, no call after an answer, no answer outside the schema
        assertThat(walk(constraint, "Sure. <tool_call>")).isFalse();
        assertThat(walk(constraint, "{\"name\": \"x\", \"age\": 1}<tool_call>")).isFalse();
        assertThat(walk(constraint, "{\"order_id\": \"A-42\"}")).isFalse();
    }

    /**
     * Whether {@code text}, written one ASCII byte token at a time, is allowed at every step and complete at the end.
     */
    private static boolean walk(OutputConstraint output, String text) {
        TokenConstraint constraint = output.newConstraint();
        BitSet allowed = new BitSet();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int token = asciiToken(b);
            constraint.allowedTokens(allowed);
            if (!allowed.get(token)) {
                return false;
            }
            constraint.advance(token);
        }
        return constraint.canEnd();
    }

    private static int asciiToken(byte b) {
        for (int id = 0; id < masker.vocabulary().size(); id++) {
            byte[] bytes = masker.vocabulary().bytes(id);
            if (!masker.vocabulary().isSpecial(id) && bytes != null && bytes.length == 1 && bytes[0] == b) {
                return id;
            }
        }
        throw new AssertionError("no token for byte " + b);
    }

    @Test
    void aForcedChoiceWithAJsonAnswerFormatIsCallsOnly() {
        List<ToolDefinition> tools = List.of(
                new ToolDefinition("lookup_order", RandomSchemas.MAPPER.readTree(ORDER_SCHEMA), true));
        OutputConstraint constraint = OutputConstraint.toolCallsOrAnswer(masker, tools, ToolChoice.required(), false,
                ToolCallFormat.HERMES, OutputConstraint.jsonObject(masker));
        int budget = constraint.minTokens() + 16;
        for (Sample sample : sample(20, budget, () -> constraint.newConstraint(budget), 8)) {
            assertThat(sample.text).startsWith(ToolCallFormat.HERMES.open());
            assertThat(new ToolCallParser(ToolCallFormat.HERMES).parse(sample.text).calls()).hasSize(1);
        }
    }

    /** Sequences decoded together in one forward. */
    private static final int BATCH = 100;

    record Sample(String text, TokenConstraint constraint, int tokens) {
    }

    /** {@code count} answers of at most {@code budget} tokens, {@value #BATCH} sequences per forward. */
    private static List<Sample> sample(int count, int budget, Supplier<TokenConstraint> constraints, long seed) {
        long started = System.nanoTime();
        Random random = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        BitSet allowed = new BitSet();
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            List<KvCache> caches = new ArrayList<>();
            List<TokenConstraint> live = new ArrayList<>();
            List<List<Integer>> written = new ArrayList<>();
            boolean[] done = new boolean[n];
            try {
                List<SequenceRows> rows = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    KvCache cache = model.newCache(prompt.length + budget + 1);
                    caches.add(cache);
                    live.add(constraints.get());
                    written.add(new ArrayList<>());
                    rows.add(SequenceRows.causal(cache, prompt, 0));
                }
                for (int step = 0; step < budget && !rows.isEmpty(); step++) {
                    List<float[][]> logits = model.forward(rows);
                    List<SequenceRows> next = new ArrayList<>();
                    int row = 0;
                    for (int i = 0; i < n; i++) {
                        if (done[i]) {
                            continue;
                        }
                        float[] scores = logits.get(row++)[0];
                        live.get(i).allowedTokens(allowed);
                        int token = sampleFrom(scores, allowed, random);
                        if (masker.vocabulary().isEos(token)) {
                            done[i] = true;
                            continue;
                        }
                        live.get(i).advance(token);
                        written.get(i).add(token);
                        if (live.get(i).tokensLeft() == 0) {
                            done[i] = true;
                        } else {
                            next.add(SequenceRows.causal(caches.get(i), new int[] {token},
                                    prompt.length + written.get(i).size() - 1));
                        }
                    }
                    rows = next;
                }
            } finally {
                caches.forEach(KvCache::close);
            }
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(text(written.get(i)), live.get(i), written.get(i).size()));
            }
        }
        System.out.printf("%d samples of <= %d tokens in %.1f s%n", count, budget, (System.nanoTime() - started) / 1e9);
        return samples;
    }

    private static String text(List<Integer> tokens) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int token : tokens) {
            bytes.writeBytes(masker.vocabulary().bytes(token));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int sampleFrom(float[] logits, BitSet allowed, Random random) {
        assertThat(allowed.isEmpty()).as("some token is always allowed").isFalse();
        double max = Double.NEGATIVE_INFINITY;
        for (int id = allowed.nextSetBit(0); id >= 0; id = allowed.nextSetBit(id + 1)) {
            max = Math.max(max, logits[id]);
        }
        double total = 0;
        for (int id = allowed.nextSetBit(0); id >= 0; id = allowed.nextSetBit(id + 1)) {
            total += Math.exp(logits[id] - max);
        }
        double pick = random.nextDouble() * total;
        int last = -1;
        for (int id = allowed.nextSetBit(0); id >= 0; id = allowed.nextSetBit(id + 1)) {
            pick -= Math.exp(logits[id] - max);
            last = id;
            if (pick <= 0) {
                return id;
            }
        }
        return last;
    }
}
