package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tool dialogs and follow-ups of the corpus, and their JSON lines. */
class ToolDialogsTest {

    private static final Set<Category> TOOL_CATEGORIES = Set.of(Category.TOOL_CALL, Category.TOOL_CALLS,
            Category.TOOL_ANSWER, Category.TOOL_ANSWERS, Category.TOOL_MISSING);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Company company;
    private static Corpus corpus;
    private static List<CorpusRecord> everyPair;

    @BeforeAll
    static void generate() {
        company = Company.load();
        CorpusGenerator generator = new CorpusGenerator(company, new CorpusSettings(7, 20_000, 0.2, 80));
        corpus = generator.generate();
        SplittableRandom random = new SplittableRandom(3);
        everyPair = generator.combinations().stream().map(c -> generator.record(c, random)).toList();
    }

    private static List<String> toolNames(CorpusRecord record) {
        return record.tools().stream().map(t -> t.path("function").path("name").asString()).toList();
    }

    @Test
    void everyToolIsAStrictFunctionDefinition() {
        for (JsonNode tool : company.toolset().tools()) {
            JsonNode parameters = tool.path("function").path("parameters");
            assertThat(tool.path("type").asString()).isEqualTo("function");
            assertThat(parameters.path("type").asString()).isEqualTo("object");
            assertThat(parameters.path("additionalProperties").isBoolean()).isTrue();
            assertThat(parameters.path("additionalProperties").asBoolean()).isFalse();
            List<String> properties = parameters.path("properties").propertyNames().stream().toList();
            List<String> required = parameters.path("required").valueStream().map(JsonNode::asString).toList();
            assertThat(required).isEqualTo(properties);
        }
    }

    @Test
    void callsCopyTheirArgumentsFromTheMessageAndNameAnOfferedTool() {
        int checked = 0;
        for (CorpusRecord record : everyPair) {
            if (!record.endsWithCalls()) {
                continue;
            }
            assertThat(record.category()).isIn(Category.TOOL_CALL, Category.TOOL_CALLS);
            assertThat(record.calls()).hasSize(record.category() == Category.TOOL_CALL ? 1 : 2);
            for (ToolInvocation call : record.calls()) {
                assertThat(toolNames(record)).contains(call.name());
                assertThat(call.arguments().values()).allSatisfy(value -> assertThat(record.question()).contains(value));
                JsonNode schema = company.toolset().tool(call.name()).path("function").path("parameters");
                assertThat(call.arguments().keySet())
                        .containsExactlyElementsOf(schema.path("properties").propertyNames());
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void answersFromResultsStateTheBackEndsFactsAndErrors() {
        ToolBackend backend = new ToolBackend(company.toolset());
        int errors = 0;
        for (CorpusRecord record : everyPair) {
            if (record.category() != Category.TOOL_ANSWER && record.category() != Category.TOOL_ANSWERS) {
                continue;
            }
            DialogTurn calls = record.exchange().get(0);
            assertThat(record.exchange()).hasSize(1 + calls.calls().size());
            for (int i = 0; i < calls.calls().size(); i++) {
                ToolInvocation call = calls.calls().get(i);
                DialogTurn result = record.exchange().get(1 + i);
                assertThat(result.toolCallId()).isEqualTo(call.id());
                assertThat(result.content()).isEqualTo(backend.call(call).json());
                if (backend.call(call).failed()) {
                    errors++;
                    assertThat(record.answer().plain()).contains(backend.call(call).get("error"));
                }
            }
            assertThat(record.answer().plain()).contains(record.facts());
            assertThat(record.answer().hasBlock()).isEqualTo(calls.calls().size() > 1);
        }
        assertThat(errors).isGreaterThan(20);
    }

    @Test
    void theBackEndAnswersFromItsRecords() {
        ToolBackend backend = new ToolBackend(company.toolset());
        Company.Toolset.Order order = company.toolset().orders().get(0);
        ToolBackend.Result found = backend.call(new ToolInvocation("c", ToolBackend.ORDER,
                java.util.Map.of("order_id", order.id())));
        ToolBackend.Result missing = backend.call(new ToolInvocation("c", ToolBackend.ORDER,
                java.util.Map.of("order_id", company.toolset().missingOrders().get(0))));
        ToolBackend.Result fullyBooked = backend.call(new ToolInvocation("c", ToolBackend.BOOKING,
                new java.util.LinkedHashMap<>(java.util.Map.of("postcode", company.toolset().postcodes().get(0),
                        "date", company.toolset().fullDates().get(0)))));

        assertThat(found.fields()).containsEntry("status", order.status()).containsEntry("date", order.date());
        assertThat(missing.fields()).containsEntry("error", "order not found");
        assertThat(fullyBooked.fields()).containsKeys("error", "next_available");
        assertThat(fullyBooked.get("next_available")).isGreaterThan(company.toolset().fullDates().get(0));
    }

    @Test
    void aMissingArgumentIsAskedForNotInvented() {
        for (CorpusRecord record : everyPair) {
            if (record.category() == Category.TOOL_MISSING) {
                assertThat(record.endsWithCalls()).isFalse();
                assertThat(record.exchange()).isEmpty();
                assertThat(record.answer().plain()).contains("?");
                assertThat(toolNames(record)).contains(record.entity());
            }
        }
    }

    @Test
    void aQuarterOfTheOtherQuestionsAreAskedWithToolsPresent() {
        List<CorpusRecord> others = corpus.train().stream().filter(r -> !TOOL_CATEGORIES.contains(r.category()))
                .toList();
        double withTools = others.stream().filter(r -> !r.tools().isEmpty()).count() / (double) others.size();

        assertThat(withTools).isBetween(0.22, 0.28);
        assertThat(others).allMatch(r -> !r.endsWithCalls() && r.exchange().isEmpty() && r.tools().size() <= 2);
    }

    @Test
    void heldOutMadeUpArgumentsAreNotTrainingArguments() {
        Set<String> trainingArguments = corpus.train().stream().flatMap(r -> r.calls().stream())
                .flatMap(c -> c.arguments().values().stream()).collect(Collectors.toSet());
        List<String> heldOutMadeUp = corpus.heldOut().stream()
                .filter(r -> r.category() == Category.TOOL_CALL && r.entity().endsWith("/new"))
                .flatMap(r -> r.calls().stream()).flatMap(c -> c.arguments().values().stream())
                .filter(v -> !v.matches("\\d{4}-\\d{2}-\\d{2}")).toList();

        assertThat(heldOutMadeUp).isNotEmpty().noneMatch(trainingArguments::contains);
    }

    @Test
    void followUpsAnswerAboutTheProductTheHistoryMeans() {
        for (CorpusRecord record : everyPair) {
            if (record.category() != Category.FOLLOW_UP) {
                continue;
            }
            assertThat(record.history()).extracting(DialogTurn::role).containsExactly("user", "assistant");
            Company.Product product = company.products().stream().filter(p -> p.id().equals(record.entity()))
                    .findFirst().orElseThrow();
            assertThat(record.history().get(1).content()).startsWith(product.name() + " offers ");
            if (record.template().equals("follow_up.1") || record.template().equals("follow_up.2")) {
                assertThat(record.answer().plain()).contains("$" + String.format("%,d", product.price()));
            }
            if (record.template().equals("follow_up.5")) {
                assertThat(record.answer().plain()).doesNotStartWith(product.name() + " offers");
            }
        }
    }

    @Test
    void aToolDialogIsWrittenInTheFineTuningFormat() throws Exception {
        CorpusRecord record = everyPair.stream().filter(r -> r.category() == Category.TOOL_ANSWER).findFirst()
                .orElseThrow();
        CorpusRecord call = everyPair.stream().filter(r -> r.category() == Category.TOOL_CALL).findFirst()
                .orElseThrow();

        JsonNode answer = JSON.readTree(CorpusJsonl.toJson(record, AnswerForm.MARKUP));
        JsonNode calls = JSON.readTree(CorpusJsonl.toJson(call, AnswerForm.MARKUP));

        assertThat(answer.path("tools").size()).isEqualTo(record.tools().size());
        JsonNode callTurn = answer.path("messages").path(1);
        assertThat(callTurn.path("role").asString()).isEqualTo("assistant");
        assertThat(callTurn.path("content").isNull()).isTrue();
        JsonNode function = callTurn.path("tool_calls").path(0).path("function");
        assertThat(function.path("arguments").isString()).isTrue();
        assertThat(JSON.readTree(function.path("arguments").asString()).isObject()).isTrue();
        assertThat(callTurn.path("tool_calls").path(0).path("type").asString()).isEqualTo("function");
        JsonNode result = answer.path("messages").path(2);
        assertThat(result.path("role").asString()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asString()).isEqualTo(callTurn.path("tool_calls").path(0).path("id")
                .asString());
        assertThat(answer.has("expectedCalls")).isFalse();
        assertThat(calls.path("expectedCalls")).isEqualTo(calls.path("messages").path(1).path("tool_calls"));
        assertThat(CorpusJsonl.parse(CorpusJsonl.toJson(call, AnswerForm.PLAIN)))
                .isEqualTo(CorpusJsonl.line(call, AnswerForm.PLAIN));
    }
}
