package io.aspd.api;

import io.aspd.engine.GenerationResult;
import io.aspd.serving.ChoiceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Chat completions: {@code chat.completion} responses and {@code chat.completion.chunk} streams. */
final class ChatResponseFormat extends ResponseFormat {
    private static final String ASSISTANT = "assistant";

    ChatResponseFormat(ResponseIdentity identity, GenerationPlan plan) {
        super(identity, plan);
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
            if (text.piece().text().isEmpty() && logprob == null) {
                return Optional.empty();
            }
            ChatLogprobs logprobs = plan.logprobs()
                    ? ChatLogprobs.of(logprob == null ? List.of() : List.of(logprob)) : null;
            return Optional.of(chunk(List.of(new ChatCompletionChunk.Choice(text.choice(),
                    new ChatCompletionChunk.Delta(null, text.piece().text()), logprobs, null, null)), null, null, null));
        }
        ChoiceEvent.Finished finished = (ChoiceEvent.Finished) event;
        boolean last = tally.finish(finished);
        GenerationResult result = finished.result();
        ChatCompletionChunk.Choice closing = new ChatCompletionChunk.Choice(finished.choice(),
                new ChatCompletionChunk.Delta(null, null), null, ChoiceTally.finishReason(result),
                plan.returnTokenIds() ? TokenIds.of(result.tokenIds()) : null);
        return Optional.of(chunk(List.of(closing), null, null, last ? tally.aspd() : null));
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
            choices.add(new ChatCompletion.Choice(choice, new ChatCompletion.Message(ASSISTANT, result.text()), logprobs,
                    ChoiceTally.finishReason(result), plan.returnTokenIds() ? TokenIds.of(result.tokenIds()) : null));
        }
        return new ChatCompletion(identity.id(), ChatCompletion.OBJECT, identity.created(), identity.model(),
                identity.systemFingerprint(), choices, tally.usage(),
                plan.returnTokenIds() ? TokenIds.of(plan.promptOf(0)) : null, tally.aspd());
    }
}
