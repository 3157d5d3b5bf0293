package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The README's examples, asked of the shipped model exactly as written there: every chat request body of a curl
 * example is sent as it stands (streaming turned off, so the answer can be read whole), and every question of an SDK
 * example is asked with the SDK example's budget. Each answer must contain the facts a correct answer has (from
 * {@code src/main/resources/corpus/company.json}); a tool example must call the right tool with exactly the arguments
 * the user's message gives. A question added to the README without expected facts here fails
 * the test, so the README cannot promise an answer nobody checked. The examples name no temperature, so they get the
 * greedy decoding the shipped model's generation_config.json recommends, as a user copying them does.
 */
@TestPropertySource(properties = {"aspd.model.name=" + ReadmeExamplesTest.SHIPPED_MODEL, "aspd.engine.default-max-tokens=300",
        "aspd.engine.context-length=1024"})
class ReadmeExamplesTest extends EmbeddedModelServerTest {
    /** The name the README's examples give the model. */
    static final String SHIPPED_MODEL = "aspd-mini";
    private static final Path README = Path.of("README.md");
    private static final int SDK_EXAMPLE_BUDGET = 300;

    /** Facts each question's answer must contain (case-insensitive). */
    private static final Map<String, List<String>> EXPECTED_FACTS = Map.of(
            "What payment methods do you accept?", List.of("Visa", "Mastercard", "PayPal", "direct debit"),
            "My Wi-Fi is slow, any tips?", List.of("central", "5 GHz", "Mesh Point", "Ethernet"),
            "Compare Flex 300 and Plus 500.", List.of("Flex 300", "Plus 500", "$45/month", "$49/month"));

    /** The call each tool example must make: the tool's name and its arguments, taken from the user's words. */
    private static final Map<String, ExpectedCall> EXPECTED_CALLS = Map.of(
            "Where is my order PN-48213?", new ExpectedCall("get_order_status", Map.of("order_id", "PN-48213")));

    record ExpectedCall(String name, Map<String, String> arguments) {
    }

    /** A README example: the request body to send and the user's question in it. */
    record Example(String question, ObjectNode body) {
        @Override
        public String toString() {
            return question;
        }
    }

    private static final Pattern CURL_BODY = Pattern.compile("-d '(\\{.*?})'", Pattern.DOTALL);
    private static final Pattern SDK_QUESTION = Pattern.compile(
            "\"role\": \"user\", \"content\": \"([^\"]+)\"|addUserMessage\\(\"([^\"]+)\"\\)");
    private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    static List<Example> examples() throws IOException {
        String readme = Files.readString(README);
        List<Example> examples = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(readme);
        while (block.find()) {
            String code = block.group(2);
            if (block.group(1).equals("bash")) {
                Matcher curl = CURL_BODY.matcher(code);
                while (curl.find()) {
                    ObjectNode body = (ObjectNode) Wire.json(curl.group(1));
                    if (body.has("messages")) {
                        body.remove(List.of("stream", "stream_options"));
                        examples.add(new Example(lastUserQuestion(body), body));
                    }
                }
            } else {
                Matcher sdk = SDK_QUESTION.matcher(code);
                while (sdk.find()) {
                    String question = sdk.group(1) != null ? sdk.group(1) : sdk.group(2);
                    examples.add(new Example(question, (ObjectNode) Wire.json(Wire.object("model", SHIPPED_MODEL,
                            "max_tokens", SDK_EXAMPLE_BUDGET, "messages", List.of(Map.of("role", "user", "content", question))))));
                }
            }
        }
        return examples;
    }

    private static String lastUserQuestion(JsonNode body) {
        String question = null;
        for (JsonNode message : body.get("messages")) {
            if (message.get("role").asString().equals("user")) {
                question = message.get("content").asString();
            }
        }
        return question;
    }

    @Test
    void theReadmeHasExamplesAndEachHasItsExpectation() throws IOException {
        List<Example> examples = examples();
        assertThat(examples).as("curl and SDK examples found in the README").hasSizeGreaterThanOrEqualTo(5);
        for (Example example : examples) {
            assertThat(EXPECTED_FACTS.containsKey(example.question()) || EXPECTED_CALLS.containsKey(example.question()))
                    .as("expected facts or call for the README question '%s'", example.question()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theShippedModelAnswersTheReadmeExampleCorrectly(Example example) {
        JsonNode choice = ok("/v1/chat/completions", example.body().toString()).get("choices").get(0);
        ExpectedCall call = EXPECTED_CALLS.get(example.question());
        if (call != null) {
            assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
            JsonNode calls = choice.get("message").get("tool_calls");
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).get("function").get("name").asString()).isEqualTo(call.name());
            JsonNode arguments = Wire.json(calls.get(0).get("function").get("arguments").asString());
            assertThat(arguments.propertyNames()).containsExactlyInAnyOrderElementsOf(call.arguments().keySet());
            call.arguments().forEach((name, value) -> {
                assertThat(arguments.get(name).isString()).as(name).isTrue();
                assertThat(arguments.get(name).asString()).as(name).isEqualTo(value);
            });
            return;
        }
        String content = choice.get("message").get("content").asString();
        assertThat(choice.get("finish_reason").asString()).as(content).isEqualTo("stop");
        String lower = content.toLowerCase(Locale.ROOT);
        assertThat(Stream.of(EXPECTED_FACTS.get(example.question()).toArray(String[]::new))
                .filter(fact -> !lower.contains(fact.toLowerCase(Locale.ROOT))).toList())
                .as("facts missing from the answer to '%s': %s", example.question(), content).isEmpty();
    }
}
