package io.aspd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One event of a streamed chat completion, shaped as OpenAI's {@code chat.completion.chunk}. {@code usage} appears only
 * on the final usage chunk (whose {@code choices} is empty) and {@code aspd} only on the chunk that finishes the last
 * choice.
 */
public record ChatCompletionChunk(String id, String object, long created, String model, String systemFingerprint,
                                  List<Choice> choices,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> promptTokenIds,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) AspdSummary aspd) {
    public static final String OBJECT = "chat.completion.chunk";

    public record Choice(int index, Delta delta, ChatLogprobs logprobs, String finishReason,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> tokenIds) {
    }

    /** The role in a choice's first delta, text or tool-call pieces in the following ones, nothing in its last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content, List<ChatToolCall> toolCalls) {
        public Delta(String role, String content) {
            this(role, content, null);
        }
    }
}
