package io.aspd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code /v1/completions}, shaped as OpenAI's {@code text_completion}; streamed chunks have the same
 * shape with the text so far split over them ({@code usage} then only on the final usage chunk).
 */
public record Completion(String id, String object, long created, String model, String systemFingerprint,
                         List<Choice> choices,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
                         @JsonInclude(JsonInclude.Include.NON_NULL) AspdSummary aspd) {
    public static final String OBJECT = "text_completion";

    /**
     * @param promptTokenIds the prompt this choice answers; only with return_token_ids
     * @param tokenIds       the answer's token ids in flat document order, markup included; only with return_token_ids
     */
    public record Choice(int index, String text, CompletionLogprobs logprobs, String finishReason,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> promptTokenIds,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> tokenIds) {
    }
}
