package io.aspd.api;

import io.aspd.engine.FinishReason;
import io.aspd.engine.GenerationResult;
import io.aspd.serving.ChoiceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a response has seen so far of each of its choices: where the text has got to (for {@code text_offset}), the
 * log-probabilities in document order, and the results of finished choices. Fed with the events in order, on one
 * thread at a time.
 */
final class ChoiceTally {
    private final RequestPlan plan;
    private final int[] textLength;
    private final List<List<PositionedLogprob>> logprobs;
    private final GenerationResult[] results;
    private int finished;

    ChoiceTally(RequestPlan plan) {
        this.plan = plan;
        this.textLength = new int[plan.choices()];
        this.results = new GenerationResult[plan.choices()];
        this.logprobs = new ArrayList<>(plan.choices());
        for (int i = 0; i < plan.choices(); i++) {
            logprobs.add(new ArrayList<>());
        }
    }

    /** Records a piece of text; returns its token's log-probability and offset, or null when it carries none. */
    PositionedLogprob text(ChoiceEvent.Text event) {
        int choice = event.choice();
        PositionedLogprob entry = null;
        if (plan.logprobs() && event.piece().logprob() != null) {
            entry = new PositionedLogprob(event.piece().text(), event.piece().logprob(), textLength[choice]);
            logprobs.get(choice).add(entry);
        }
        textLength[choice] += event.piece().text().length();
        return entry;
    }

    /** Records a finished choice; returns true when it was the last one to finish. */
    boolean finish(ChoiceEvent.Finished event) {
        results[event.choice()] = event.result();
        finished++;
        return finished == results.length;
    }

    GenerationResult result(int choice) {
        return results[choice];
    }

    List<PositionedLogprob> logprobs(int choice) {
        return logprobs.get(choice);
    }

    /** Every result in choice order; call once all choices have finished. */
    List<GenerationResult> results() {
        if (finished < results.length) {
            throw new IllegalStateException(finished + " of " + results.length + " choices have finished");
        }
        return Arrays.asList(results);
    }

    Usage usage() {
        // The choices share one prompt: it counts once, and as cached only as far as every choice found it cached.
        int cached = results().stream().mapToInt(GenerationResult::cachedPromptTokens).min().orElse(0);
        return Usage.of(plan.promptTokens(), cached,
                results().stream().mapToInt(GenerationResult::completionTokens).sum(),
                results().stream().mapToInt(result -> result.stats().markupTokens()).sum());
    }

    AspdSummary aspd() {
        return AspdSummary.of(results(), plan.includeStructure());
    }

    /**
     * OpenAI's finish reasons. A generation cut by the request deadline ends like one cut by max_tokens: the answer is
     * complete as far as it goes and the client may continue it.
     */
    static String finishReason(GenerationResult result) {
        return result.finishReason() == FinishReason.STOP ? "stop" : "length";
    }
}
