package io.aspd.engine;

import io.aspd.engine.constraint.OutputConstraint;
import java.util.List;

/**
 * One generation (one choice): the prompt tokens and everything that shapes the answer.
 *
 * @param prompt          prompt token ids (already rendered with the chat template)
 * @param maxTokens       budget of generated tokens in flat document order, markup and every branch included
 * @param sampling        how tokens are picked
 * @param stop            stop strings, matched on the visible text
 * @param mode            how ASPD is used
 * @param maxBranches     blocks with more distinct titles than this are decoded one branch after another
 * @param maxBranchTokens a branch body longer than this is closed
 * @param topLogprobs     -1 for no log-probabilities, otherwise how many alternatives to report per visible token
 * @param constraint      what the answer must be (a JSON document, tool calls), or null for free text; each choice
 *                        and branch samples under its own state of it, beside the ASPD grammar
 */
public record GenerationRequest(int[] prompt, int maxTokens, SamplingParams sampling, List<String> stop, AspdMode mode,
                                int maxBranches, int maxBranchTokens, int topLogprobs, OutputConstraint constraint) {

    /** A request without an output constraint. */
    public GenerationRequest(int[] prompt, int maxTokens, SamplingParams sampling, List<String> stop, AspdMode mode,
                             int maxBranches, int maxBranchTokens, int topLogprobs) {
        this(prompt, maxTokens, sampling, stop, mode, maxBranches, maxBranchTokens, topLogprobs, null);
    }

    public GenerationRequest {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("max_tokens must be positive");
        }
        if (maxBranches < 2) {
            throw new IllegalArgumentException("max_branches must be at least 2");
        }
        if (maxBranchTokens <= 0) {
            throw new IllegalArgumentException("the per-branch token cap must be positive");
        }
        if (topLogprobs < -1 || topLogprobs > 20) {
            throw new IllegalArgumentException("top_logprobs must be between 0 and 20");
        }
        prompt = prompt.clone();
        stop = List.copyOf(stop);
    }

    public boolean wantsLogprobs() {
        return topLogprobs >= 0;
    }
}
