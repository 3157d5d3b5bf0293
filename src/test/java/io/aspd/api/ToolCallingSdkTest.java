package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tools and structured outputs through the official OpenAI Java SDK (response validation on), on a random-weight model
 * that writes garbage when left alone: the calls and JSON answers still parse into the SDK's classes, because decoding
 * is constrained by the schemas the SDK derives from them.
 */
class ToolCallingSdkTest extends ToolServerTest {
    @LocalServerPort
    int port;

    private OpenAIClient openAi;

    /** A tool's parameters, as the SDK turns a class into a strict JSON Schema. */
    public static class LookupOrder {
        public String orderId;
        public boolean express;
    }

    /** A structured answer. */
    public static class OrderSummary {
        public String status;
        public long items;
        public List<String> notes;
    }

    @BeforeEach
    void connect() {
        openAi = Wire.openAiClient(port, Duration.ofSeconds(120));
    }

    @AfterEach
    void close() {
        openAi.close();
    }

    private static ChatCompletionCreateParams.Builder toolRequest(long seed) {
        return ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessage("Where is order 42?")
                .addTool(LookupOrder.class)
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .temperature(1.0)
                .maxCompletionTokens(150)
                .seed(seed);
    }

    @Test
    void aRequiredToolCallComesBackAsToolCallsThatParseIntoTheToolClass() {
        for (long seed = 1; seed <= 3; seed++) {
            ChatCompletion completion = openAi.chat().completions().create(toolRequest(seed).build());
            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            assertThat(choice.message().content()).isEmpty();
            List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
            assertThat(calls).isNotEmpty();
            for (ChatCompletionMessageToolCall call : calls) {
                ChatCompletionMessageFunctionToolCall function = call.asFunction();
                assertThat(function.id()).matches("call_[A-Za-z0-9]{24}");
                assertThat(function.function().name()).isEqualTo("LookupOrder");
                LookupOrder arguments = function.function().arguments(LookupOrder.class);
                assertThat(arguments.orderId).isNotNull();
            }
        }
    }

    @Test
    void streamedToolCallDeltasAreRebuiltByTheSdkAccumulator() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk.Choice.Delta.ToolCall> firstDeltas = new ArrayList<>();
        Map<Long, Integer> argumentFragments = new HashMap<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                     openAi.chat().completions().createStreaming(toolRequest(11).build())) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().forEach(c -> c.delta().toolCalls().ifPresent(calls -> calls.forEach(call -> {
                    if (call.id().isPresent()) {
                        firstDeltas.add(call);
                    } else {
                        argumentFragments.merge(call.index(), 1, Integer::sum);
                    }
                })));
            });
        }
        ChatCompletion.Choice choice = accumulator.chatCompletion().choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
        assertThat(calls).hasSameSizeAs(firstDeltas).isNotEmpty();
        for (int i = 0; i < calls.size(); i++) {
            ChatCompletionChunk.Choice.Delta.ToolCall first = firstDeltas.get(i);
            assertThat(first.index()).isEqualTo(i);
            assertThat(first.function().orElseThrow().name()).contains("LookupOrder");
            ChatCompletionMessageFunctionToolCall call = calls.get(i).asFunction();
            assertThat(call.id()).isEqualTo(first.id().orElseThrow());
            assertThat(call.function().arguments(LookupOrder.class).orderId).isNotNull();
            // the two-field arguments came in pieces, as they were generated
            assertThat(argumentFragments.get((long) i)).as(call.function().arguments()).isGreaterThan(1);
        }
    }

    @Test
    void structuredOutputParsesIntoTheRequestedClass() {
        for (long seed = 1; seed <= 3; seed++) {
            StructuredChatCompletion<OrderSummary> completion = openAi.chat().completions().create(
                    ChatCompletionCreateParams.builder()
                            .model(MODEL)
                            .addUserMessage("Summarize order 42.")
                            .temperature(1.0)
                            .maxCompletionTokens(120)
                            .seed(seed)
                            .responseFormat(OrderSummary.class)
                            .build());
            StructuredChatCompletion.Choice<OrderSummary> choice = completion.choices().get(0);
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            OrderSummary summary = choice.message().content().orElseThrow();
            assertThat(summary.status).isNotNull();
            assertThat(summary.notes).isNotNull();
        }
    }

    @Test
    void aHistoryWithAToolCallTurnAndAToolResultIsAnswered() {
        ChatCompletionMessageToolCall earlier = ChatCompletionMessageToolCall.ofFunction(
                ChatCompletionMessageFunctionToolCall.builder()
                        .id("call_abc")
                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                .name("LookupOrder").arguments("{\"orderId\":\"42\",\"express\":false}").build())
                        .build());
        ChatCompletion completion = openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessage("Where is order 42?")
                .addMessage(ChatCompletionAssistantMessageParam.builder().toolCalls(List.of(earlier)).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_abc")
                        .content("{\"status\":\"shipped\"}").build())
                .addTool(LookupOrder.class)
                .maxCompletionTokens(12)
                .seed(5)
                .build());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.finishReason()).isIn(ChatCompletion.Choice.FinishReason.STOP,
                ChatCompletion.Choice.FinishReason.LENGTH, ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    }
}
