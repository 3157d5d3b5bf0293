package io.aspd.api;

import io.aspd.engine.GenerationResult;
import io.aspd.serving.ChoiceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Legacy text completions: {@code text_completion} responses, and streams of the same shape. */
final class CompletionResponseFormat extends ResponseFormat {
    CompletionResponseFormat(ResponseIdentity identity, RequestPlan plan) {
        super(identity, plan);
    }

    @Override
    List<Object> openingChunks() {
        return List.of();
    }

    @Override
    Optional<Object> chunk(ChoiceEvent event) {
        if (event instanceof ChoiceEvent.Text text) {
            PositionedLogprob logprob = tally.text(text);
            if (text.piece().text().isEmpty() && logprob == null) {
                return Optional.empty();
            }
            CompletionLogprobs logprobs = plan.logprobs()
                    ? CompletionLogprobs.of(logprob == null ? List.of() : List.of(logprob)) : null;
            return Optional.of(completion(List.of(new Completion.Choice(text.choice(), text.piece().text(), logprobs,
                    null, null, null)), null, null));
        }
        ChoiceEvent.Finished finished = (ChoiceEvent.Finished) event;
        boolean last = tally.finish(finished);
        return Optional.of(completion(List.of(finalChoice(finished.choice(), "", null)), null,
                last ? tally.aspd() : null));
    }

    @Override
    Optional<Object> usageChunk() {
        return plan.includeUsage() ? Optional.of(completion(List.of(), tally.usage(), null)) : Optional.empty();
    }

    @Override
    Object response() {
        List<Completion.Choice> choices = new ArrayList<>(plan.choices());
        for (int choice = 0; choice < plan.choices(); choice++) {
            CompletionLogprobs logprobs = plan.logprobs() ? CompletionLogprobs.of(tally.logprobs(choice)) : null;
            choices.add(finalChoice(choice, tally.result(choice).text(), logprobs));
        }
        return completion(choices, tally.usage(), tally.aspd());
    }

    private Completion.Choice finalChoice(int choice, String text, CompletionLogprobs logprobs) {
        GenerationResult result = tally.result(choice);
        return new Completion.Choice(choice, text, logprobs, ChoiceTally.finishReason(result),
                plan.returnTokenIds() ? TokenIds.of(plan.promptOf(choice)) : null,
                plan.returnTokenIds() ? TokenIds.of(result.tokenIds()) : null);
    }

    private Completion completion(List<Completion.Choice> choices, Usage usage, AspdSummary aspd) {
        return new Completion(identity.id(), Completion.OBJECT, identity.created(), identity.model(),
                identity.systemFingerprint(), choices, usage, aspd);
    }
}
