package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.aspd.engine.constraint.OutputConstraint;
import io.aspd.engine.constraint.TokenMasker;
import io.aspd.engine.constraint.TokenVocabulary;
import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.engine.constraint.ToolChoice;
import io.aspd.engine.constraint.ToolDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Output constraints through the engine, on a random-weight model (which writes garbage when left alone): sampled
 * answers under a JSON schema and tool calls under {@code tool_choice: required} all parse and validate, with the ASPD
 * grammar on (a constrained answer never opens a block), batched in the engine's shared forwards.
 */
class ConstrainedDecodingTest extends SharedEngineTestBed {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String ORDER_SCHEMA = """
            {"type":"object","properties":{
              "order":{"type":"integer"},
              "status":{"enum":["open","shipped","lost"]},
              "note":{"type":"string","maxLength":12},
              "items":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},
                  "qty":{"type":"number"}},"required":["sku"],"additionalProperties":false},"maxItems":3},
              "urgent":{"type":"boolean"}},
             "required":["order","status","items"],"additionalProperties":false}""";
    private static final Map<String, String> TOOLS = Map.of(
            "lookup_order", """
                    {"type":"object","properties":{"order_id":{"type":"string","maxLength":10}},
                     "required":["order_id"],"additionalProperties":false}""",
            "open_ticket", """
                    {"type":"object","properties":{"priority":{"enum":["low","high"]},"count":{"type":"integer"}},
                     "required":["priority","count"],"additionalProperties":false}""");

    static TokenMasker masker;

    @BeforeAll
    static void loadModel() {
        masker = new TokenMasker(TokenVocabulary.load(dir, bed.tokenizer, bed.model.config().vocabSize()));
    }

    @Test
    void sampledJsonSchemaAnswersAllParseAndValidate() throws Exception {
        OutputConstraint constraint = OutputConstraint.jsonSchema(masker, MAPPER.readTree(ORDER_SCHEMA), true);
        Schema validator = REGISTRY.getSchema(ORDER_SCHEMA);
        List<GenerationResult> results = runMany(constraint, 200, 160);
        for (GenerationResult result : results) {
            assertThat(result.finishReason()).as(result.text()).isEqualTo(FinishReason.STOP);
            assertThat(validator.validate(MAPPER.readTree(result.text()))).as(result.text()).isEmpty();
            assertNoMarkup(result);
        }
    }

    @Test
    void toolCallsUnderRequiredNameADeclaredToolWithValidArguments() throws Exception {
        List<ToolDefinition> tools = new ArrayList<>();
        TOOLS.forEach((name, schema) -> tools.add(new ToolDefinition(name, MAPPER.readTree(schema), true)));
        OutputConstraint constraint = OutputConstraint.toolCalls(masker, tools, ToolChoice.required(), true,
                ToolCallFormat.HERMES);
        ToolCallParser parser = new ToolCallParser(ToolCallFormat.HERMES);
        int calls = 0;
        for (GenerationResult result : runMany(constraint, 100, 120)) {
            assertThat(result.finishReason()).as(result.text()).isEqualTo(FinishReason.STOP);
            ToolCallParser.Parsed parsed = parser.parse(result.text());
            assertThat(parsed.complete()).as(result.text()).isTrue();
            assertThat(parsed.content()).as(result.text()).isNull();
            assertThat(parsed.calls()).as(result.text()).isNotEmpty();
            for (ToolCallParser.ToolCall call : parsed.calls()) {
                assertThat(TOOLS).containsKey(call.name());
                Schema validator = REGISTRY.getSchema(TOOLS.get(call.name()));
                assertThat(validator.validate(MAPPER.readTree(call.argumentsJson()))).as(result.text()).isEmpty();
                calls++;
            }
            assertNoMarkup(result);
        }
        assertThat(calls).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aBudgetTooSmallForTheDocumentEndsWithLengthAndATightOneIsClosedInTime() {
        OutputConstraint constraint = OutputConstraint.jsonSchema(masker, MAPPER.readTree(ORDER_SCHEMA), true);
        int fewest = constraint.minTokens();
        EngineTestBed.Run tooSmall = bed.decode(request(constraint, fewest, 3), 3, DecodeProbe.NONE);
        assertThat(tooSmall.result().finishReason()).isEqualTo(FinishReason.LENGTH);

        Schema validator = REGISTRY.getSchema(ORDER_SCHEMA);
        for (int seed = 0; seed < 10; seed++) {
            // the document's fewest tokens, EOS, and three to spare
            EngineTestBed.Run tight = bed.decode(request(constraint, fewest + 4, seed), seed, DecodeProbe.NONE);
            assertThat(tight.result().finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(tight.result().tokenIds().length).isLessThanOrEqualTo(fewest + 4);
            assertThat(validator.validate(MAPPER.readTree(tight.result().text()))).isEmpty();
        }
    }

    @Test
    void underToolChoiceAutoBlocksStayAllowedBeforeACall() {
        List<ToolDefinition> tools = List.of(new ToolDefinition("lookup_order", MAPPER.readTree(TOOLS.get("lookup_order")),
                true));
        OutputConstraint constraint = OutputConstraint.toolCalls(masker, tools, ToolChoice.auto(), true,
                ToolCallFormat.HERMES);
        ScriptedProbe probe = ScriptedProbe.builder(bed.vocabulary).text(4).block(6, 6).text(3).eos().build();
        EngineTestBed.Run run = bed.decode(request(constraint, 200, 5), 5, probe);
        assertThat(run.result().stats().blocks()).isEqualTo(1);
        assertThat(run.result().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(new ToolCallParser(ToolCallFormat.HERMES).parse(run.result().text()).complete()).isTrue();
    }

    /**
     * A block before the call takes tokens the serial constraint does not read; the call must still be closed within
     * max_tokens: for every budget the answer either has a complete, valid call, or (too little left for any call)
     * the marker is refused and the answer is plain text; it never ends inside a call.
     */
    @Test
    void aCallAfterABlockIsClosedWithinWhatTheBlockLeftOfTheBudget() {
        List<ToolDefinition> tools = List.of(new ToolDefinition("lookup_order", MAPPER.readTree(TOOLS.get("lookup_order")),
                true));
        OutputConstraint constraint = OutputConstraint.toolCalls(masker, tools, ToolChoice.auto(), false,
                ToolCallFormat.HERMES);
        ToolCallParser parser = new ToolCallParser(ToolCallFormat.HERMES);
        Schema validator = REGISTRY.getSchema(TOOLS.get("lookup_order"));
        ScriptedProbe.Builder plan = ScriptedProbe.builder(bed.vocabulary).text(2).block(9, 7).forced("<tool_call>");
        int[] whole = bed.decode(request(constraint, 400, 9), 9, plan.build()).result().tokenIds();
        int markerEnd = bed.tokenizer.decode(whole).indexOf("<tool_call>");
        assertThat(markerEnd).isPositive();
        int prefix = 0;
        while (!bed.tokenizer.decode(Arrays.copyOf(whole, prefix)).contains("<tool_call>")) {
            prefix++;
        }
        int called = 0;
        for (int budget = prefix + 1; budget <= prefix + 100; budget += 3) {
            GenerationResult result = bed.decode(request(constraint, budget, 9), 9, plan.build()).result();
            assertThat(result.stats().blocks()).isEqualTo(1);
            assertThat(result.tokenIds().length).isLessThanOrEqualTo(budget);
            ToolCallParser.Parsed parsed = parser.parse(result.text());
            assertThat(parsed.complete()).as("budget %d: %s", budget, result.text()).isTrue();
            assertThat(parsed.calls()).hasSizeLessThanOrEqualTo(1);
            for (ToolCallParser.ToolCall call : parsed.calls()) {
                assertThat(validator.validate(MAPPER.readTree(call.argumentsJson()))).isEmpty();
                called++;
            }
        }
        assertThat(called).isPositive();
    }

    private static List<GenerationResult> runMany(OutputConstraint constraint, int count, int maxTokens)
            throws Exception {
        List<InferenceEngineTest.Collector> collectors = new ArrayList<>();
        try (InferenceEngine engine = new InferenceEngine(bed.model, bed.vocabulary, new EngineSettings(16, 4096, 2048, 4096),
                EngineObserver.NONE)) {
            for (int i = 0; i < count; i++) {
                InferenceEngineTest.Collector collector = new InferenceEngineTest.Collector();
                collectors.add(collector);
                engine.submit(request(constraint, maxTokens, 1000 + i), 1000 + i, collector);
            }
            List<GenerationResult> results = new ArrayList<>();
            for (InferenceEngineTest.Collector collector : collectors) {
                GenerationResult result = collector.done.get(120, TimeUnit.SECONDS);
                assertThat(result.text()).isEqualTo(collector.text.toString());
                results.add(result);
            }
            return results;
        }
    }

    private static GenerationRequest request(OutputConstraint constraint, int maxTokens, long seed) {
        return new GenerationRequest(bed.prompt("order status as JSON"), maxTokens,
                SamplingParams.seeded(1.0, seed), List.of(), AspdMode.PARALLEL, 8, 64, -1, constraint);
    }

    private static void assertNoMarkup(GenerationResult result) {
        List<Integer> markup = List.of(bed.ids.title(), bed.ids.titleEnd(), bed.ids.para(), bed.ids.paraEnd(),
                bed.ids.branch(), bed.ids.branchEnd());
        assertThat(Arrays.stream(result.tokenIds()).boxed().filter(markup::contains).toList()).isEmpty();
    }
}
