package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tool calling through LangChain4j over HTTP against the embedded model: a tool specification in a full round trip (the
 * model's call, the tool result goes back as LangChain4j sends it, the model answers). The first turn forces a call
 * ({@code tool_choice: required}), since the embedded model is not trained to decide on its own; the assertions are on
 * the protocol (a call of the declared tool with arguments the library can bind, then an answer that stops), not on
 * the model's wording. The answer is asked for as JSON ({@code response_format} json_schema, parsed by the library):
 * the embedded model is not trained on tool dialogs yet and its free text after a tool result may run to
 * {@code max_tokens}, while a constrained answer is complete, and stops, within the budget by construction.
 */
class LangChain4jToolCallingTest extends EmbeddedModelServerTest {
    /** The tool signatures in the system turn need more than the shared 512 positions. */
    @DynamicPropertySource
    static void longerContext(DynamicPropertyRegistry registry) {
        registry.add("aspd.engine.context-length", () -> 1024);
    }

    private static final String ORDER_STATUS = "{\"order\":\"42\",\"status\":\"shipped\",\"eta\":\"tomorrow\"}";

    private String baseUrl() {
        return "http://localhost:" + port + "/v1";
    }

    @Test
    void aToolSpecificationRoundTripCallsTheToolAndAnswersItsResult() {
        OpenAiChatModel chatModel = OpenAiChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey("not-needed")
                .modelName(MODEL)
                .temperature(0.0)
                .maxTokens(200)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(120))
                .build();
        ToolSpecification orderStatus = ToolSpecification.builder()
                .name("get_order_status")
                .description("Looks up the delivery status of a customer's order")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("order_id", "the order number")
                        .addBooleanProperty("include_items")
                        .required("order_id")
                        .build())
                .build();
        UserMessage question = UserMessage.from("Where is my order 42?");

        ChatResponse call = chatModel.chat(ChatRequest.builder()
                .messages(question)
                .toolSpecifications(orderStatus)
                .toolChoice(ToolChoice.REQUIRED)
                .build());
        assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        AiMessage calling = call.aiMessage();
        assertThat(calling.hasToolExecutionRequests()).isTrue();
        List<ToolExecutionRequest> requests = calling.toolExecutionRequests();
        for (ToolExecutionRequest request : requests) {
            assertThat(request.name()).isEqualTo("get_order_status");
            assertThat(Wire.json(request.arguments()).get("order_id").isString()).as(request.arguments()).isTrue();
        }

        List<ChatMessage> history = new ArrayList<>(List.of(question, calling));
        requests.forEach(request -> history.add(ToolExecutionResultMessage.from(request, ORDER_STATUS)));
        ChatResponse answer = chatModel.chat(ChatRequest.builder()
                .messages(history)
                .toolSpecifications(orderStatus)
                .toolChoice(ToolChoice.NONE)
                .responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name("reply")
                                .rootElement(JsonObjectSchema.builder().addStringProperty("reply").required("reply")
                                        .build())
                                .build())
                        .build())
                .build());
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(Wire.json(answer.aiMessage().text()).get("reply").isString()).isTrue();
    }
}
