package io.aspd.api;

import io.aspd.serving.ChoiceGeneration;
import java.util.List;

/**
 * A validated request, ready to run: its prompts and one generation per choice, plus what the response must contain.
 *
 * @param prompts          the prompts as token ids (chat: one)
 * @param generations      one per choice, in choice order; choice {@code p * n + j} is the j-th answer to prompt p
 * @param stream           answer as server-sent events
 * @param includeUsage     streams only: end with a usage chunk
 * @param logprobs         report log-probabilities of the visible tokens
 * @param includeStructure add the ASPD structure of each answer
 * @param returnTokenIds   add prompt and answer token ids (markup included)
 */
record RequestPlan(List<int[]> prompts, List<ChoiceGeneration> generations, boolean stream, boolean includeUsage,
                      boolean logprobs, boolean includeStructure, boolean returnTokenIds) {

    RequestPlan {
        prompts = List.copyOf(prompts);
        generations = List.copyOf(generations);
    }

    /** Prompt tokens of the usage: each prompt once, however many choices answer it. */
    int promptTokens() {
        return prompts.stream().mapToInt(p -> p.length).sum();
    }

    int choices() {
        return generations.size();
    }

    /** The prompt that choice {@code choice} answers. */
    int[] promptOf(int choice) {
        return prompts.get(choice / (generations.size() / prompts.size()));
    }
}
