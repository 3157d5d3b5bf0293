package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.converter.BeanOutputConverter;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tool calling through Spring AI over HTTP against the embedded model: a {@code @Tool} method in a full round trip (the
 * model's call, Spring AI runs the method with the call's arguments, the tool result goes back, the model answers). The first turn forces a call
 * ({@code tool_choice: required}), since the embedded model is not trained to decide on its own; the assertions are on
 * the protocol (a call of the declared tool with arguments the library can bind, then an answer that stops), not on
 * the model's wording. The answer is asked for as JSON ({@code response_format} json_schema, parsed by the library):
 * the embedded model is not trained on tool dialogs yet and its free text after a tool result may run to
 * {@code max_tokens}, while a constrained answer is complete, and stops, within the budget by construction.
 *
 * <p>Spring AI 2 generates schemas with victools jsonschema-generator 5 (Jackson 3), openai-java with 4 (Jackson 2):
 * one classpath cannot hold both, so this class runs in its own surefire execution ({@code spring-ai-client} in the
 * POM) whose classpath swaps in version 5; the default execution leaves it out.
 */
class SpringAiToolCallingTest extends EmbeddedModelServerTest {
    /** The tool signatures in the system turn need more than the shared 512 positions. */
    @DynamicPropertySource
    static void longerContext(DynamicPropertyRegistry registry) {
        registry.add("aspd.engine.context-length", () -> 1024);
    }

    private static final String ORDER_STATUS = "{\"order\":\"42\",\"status\":\"shipped\",\"eta\":\"tomorrow\"}";

    /** A Spring AI tool: the library derives its schema from the method and binds the call's arguments to it. */
    static class OrderTools {
        final List<String> lookedUp = new CopyOnWriteArrayList<>();

        @Tool(description = "Looks up the delivery status of a customer's order")
        String getOrderStatus(@ToolParam(description = "the order number") String orderId) {
            lookedUp.add(orderId);
            return ORDER_STATUS;
        }
    }

    private String baseUrl() {
        return "http://localhost:" + port + "/v1";
    }

    @Test
    void aToolMethodRoundTripCallsTheToolAndAnswersItsResult() {
        OpenAiChatModel chatModel = OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().baseUrl(baseUrl()).apiKey("not-needed").model(MODEL)
                        .maxRetries(0).timeout(Duration.ofSeconds(120)).build())
                .build();
        OrderTools tools = new OrderTools();

        // turn 1: the call (Spring AI 2's chat model returns it; running tools is the caller's or ChatClient's job)
        Prompt question = new Prompt(List.of(new UserMessage("Where is my order 42?")), turn(tools, "required"));
        ChatResponse call = chatModel.call(question);
        assertThat(call.hasToolCalls()).isTrue();
        assertThat(call.getResult().getMetadata().getFinishReason()).isEqualToIgnoringCase("tool_calls");
        List<AssistantMessage.ToolCall> calls = call.getResult().getOutput().getToolCalls();
        assertThat(calls).isNotEmpty().allSatisfy(c -> {
            assertThat(c.name()).isEqualTo("getOrderStatus");
            assertThat(c.id()).matches("call_[A-Za-z0-9]{24}");
        });

        // the library runs the @Tool method with the call's arguments and builds the history with its result
        ToolExecutionResult executed = ToolCallingManager.builder().build().executeToolCalls(question, call);
        assertThat(tools.lookedUp).hasSameSizeAs(calls).doesNotContainNull();
        List<Message> history = executed.conversationHistory();
        assertThat(history.get(history.size() - 1)).isInstanceOf(ToolResponseMessage.class);

        // turn 2: the tool result goes back and the model answers (as a Reply, which Spring AI parses)
        BeanOutputConverter<Reply> replies = new BeanOutputConverter<>(Reply.class);
        OpenAiChatOptions answering = turn(tools, "none").mutate()
                .responseFormat(OpenAiChatModel.ResponseFormat.builder()
                        .type(OpenAiChatModel.ResponseFormat.Type.JSON_SCHEMA)
                        .jsonSchema(replies.getJsonSchema())
                        .build())
                .build();
        ChatResponse answer = chatModel.call(new Prompt(history, answering));
        assertThat(answer.hasToolCalls()).isFalse();
        assertThat(answer.getResult().getMetadata().getFinishReason()).isEqualToIgnoringCase("stop");
        assertThat(replies.convert(answer.getResult().getOutput().getText()).reply()).isNotNull();
    }

    /** The second turn's answer: a structured reply, which ends by construction (see the class comment). */
    record Reply(String reply) {
    }

    private static OpenAiChatOptions turn(OrderTools tools, String toolChoice) {
        return OpenAiChatOptions.builder()
                .toolCallbacks(ToolCallbacks.from(tools))
                .toolChoice(toolChoice)
                .model(MODEL)
                .temperature(0.0)
                .maxTokens(200)
                .build();
    }
}
