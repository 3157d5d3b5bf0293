package io.aspd.api;

import io.aspd.engine.FinishReason;
import io.aspd.engine.GenerationResult;
import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.serving.ChoiceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chat completions: {@code chat.completion} responses and {@code chat.completion.chunk} streams. When the request
 * lets the model call tools, each answer is split into content (the text before the first call marker) and
 * {@code tool_calls}; a turn that calls tools and was not cut ends with finish_reason {@code tool_calls}.
 */
final class ChatResponseFormat extends ResponseFormat {
    private static final String ASSISTANT = "assistant";
    private static final String TOOL_CALLS = "tool_calls";

    /** The call syntax when the answer is read as tool calls, otherwise null. */
    private final ToolCallFormat callFormat;
    /** Whether free text may precede the calls (false: the answer is a call or, as a whole, content). */
    private final boolean textBeforeCalls;
    private final Map<Integer, ToolCallStream> callStreams = new HashMap<>();

    ChatResponseFormat(ResponseIdentity identity, RequestPlan plan) {
        this(identity, plan, null, true);
    }

    /**
     * @param callFormat the call syntax when the answer is to be read as tool calls, otherwise null
     * @param textBeforeCalls as for {@link ToolCallParser#ToolCallParser(ToolCallFormat, boolean)}
     */
    ChatResponseFormat(ResponseIdentity identity, RequestPlan plan, ToolCallFormat callFormat,
            boolean textBeforeCalls) {
        super(identity, plan);
        this.callFormat = callFormat;
        this.textBeforeCalls = textBeforeCalls;
    }

    @Override
    List<Object> openingChunks() {
        List<Object> chunks = new ArrayList<>(plan.choices());
        for (int choice = 0; choice < plan.choices(); choice++) {
            List<Integer> promptIds = choice == 0 && plan.returnTokenIds() ? TokenIds.of(plan.promptOf(0)) : null;
            ChatCompletionChunk.Choice opening = new ChatCompletionChunk.Choice(choice,
                    new ChatCompletionChunk.Delta(ASSISTANT, ""), plan.logprobs() ? ChatLogprobs.of(List.of()) : null,
                    null, null);
            chunks.add(chunk(List.of(opening), null, promptIds, null));
        }
        return chunks;
    }

    @Override
    Optional<Object> chunk(ChoiceEvent event) {
        if (event instanceof ChoiceEvent.Text text) {
            PositionedLogprob logprob = tally.text(text);
            ToolCallStream.Output output = callFormat == null
                    ? new ToolCallStream.Output(text.piece().text(), List.of())
                    : callStream(text.choice()).accept(text.piece().text());
            if (output.isEmpty() && logprob == null) {
                return Optional.empty();
            }
            ChatLogprobs logprobs = plan.logprobs()
                    ? ChatLogprobs.of(logprob == null ? List.of() : List.of(logprob)) : null;
            return Optional.of(chunk(List.of(new ChatCompletionChunk.Choice(text.choice(), delta(output), logprobs,
                    null, null)), null, null, null));
        }
        ChoiceEvent.Finished finished = (ChoiceEvent.Finished) event;
        boolean last = tally.finish(finished);
        GenerationResult result = finished.result();
        String finishReason = ChoiceTally.finishReason(result);
        String heldContent = null;
        if (callFormat != null) {
            ToolCallStream stream = callStream(finished.choice());
            String rest = stream.finish();
            heldContent = rest.isEmpty() ? null : rest;
            finishReason = finishReason(result, stream.completeCalls());
        }
        // text held back as a possible call marker that turned out to be content ends the choice with its reason
        ChatCompletionChunk.Choice closing = new ChatCompletionChunk.Choice(finished.choice(),
                new ChatCompletionChunk.Delta(null, heldContent), null, finishReason,
                plan.returnTokenIds() ? TokenIds.of(result.tokenIds()) : null);
        return Optional.of(chunk(List.of(closing), null, null, last ? tally.aspd() : null));
    }

    private ToolCallStream callStream(int choice) {
        return callStreams.computeIfAbsent(choice, c -> new ToolCallStream(callFormat, textBeforeCalls));
    }

    private static ChatCompletionChunk.Delta delta(ToolCallStream.Output output) {
        return new ChatCompletionChunk.Delta(null, output.content().isEmpty() && !output.calls().isEmpty() ? null
                : output.content(), output.calls().isEmpty() ? null : output.calls());
    }

    private static String finishReason(GenerationResult result, int calls) {
        return calls > 0 && result.finishReason() == FinishReason.STOP ? TOOL_CALLS : ChoiceTally.finishReason(result);
    }

    @Override
    Optional<Object> usageChunk() {
        return plan.includeUsage() ? Optional.of(chunk(List.of(), tally.usage(), null, null)) : Optional.empty();
    }

    private ChatCompletionChunk chunk(List<ChatCompletionChunk.Choice> choices, Usage usage, List<Integer> promptIds,
                                      AspdSummary aspd) {
        return new ChatCompletionChunk(identity.id(), ChatCompletionChunk.OBJECT, identity.created(), identity.model(),
                identity.systemFingerprint(), choices, usage, promptIds, aspd);
    }

    @Override
    Object response() {
        List<ChatCompletion.Choice> choices = new ArrayList<>(plan.choices());
        for (int choice = 0; choice < plan.choices(); choice++) {
            GenerationResult result = tally.result(choice);
            ChatLogprobs logprobs = plan.logprobs() ? ChatLogprobs.of(tally.logprobs(choice)) : null;
            ChatCompletion.Message message = new ChatCompletion.Message(ASSISTANT, result.text(), null);
            String finishReason = ChoiceTally.finishReason(result);
            ToolCallParser.Parsed parsed = callFormat == null ? null
                    : new ToolCallParser(callFormat, textBeforeCalls).parse(result.text());
            // an answer in which no call was opened keeps its whole text as content
            if (parsed != null && !(parsed.calls().isEmpty() && parsed.complete())) {
                List<ChatToolCall> calls = parsed.calls().stream().map(ChatToolCall::of).toList();
                message = new ChatCompletion.Message(ASSISTANT, parsed.content(), calls.isEmpty() ? null : calls);
                finishReason = finishReason(result, calls.size());
            }
            choices.add(new ChatCompletion.Choice(choice, message, logprobs, finishReason,
                    plan.returnTokenIds() ? TokenIds.of(result.tokenIds()) : null));
        }
        return new ChatCompletion(identity.id(), ChatCompletion.OBJECT, identity.created(), identity.model(),
                identity.systemFingerprint(), choices, tally.usage(),
                plan.returnTokenIds() ? TokenIds.of(plan.promptOf(0)) : null, tally.aspd());
    }
}
