package io.aspd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The non-streaming answer of {@code /v1/chat/completions}, shaped as OpenAI's {@code chat.completion}. */
public record ChatCompletion(String id, String object, long created, String model, String systemFingerprint,
                             List<Choice> choices, Usage usage,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> promptTokenIds,
                             AspdSummary aspd) {
    public static final String OBJECT = "chat.completion";

    /**
     * @param logprobs null unless asked for
     * @param tokenIds the answer's token ids in flat document order, markup included; only with return_token_ids
     */
    public record Choice(int index, Message message, ChatLogprobs logprobs, String finishReason,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> tokenIds) {
    }

    /**
     * {@code refusal} is always null: the model has no refusal channel, but SDKs read the field.
     *
     * @param content   null when the turn is only tool calls
     * @param toolCalls the calls the assistant makes; left out when none
     */
    public record Message(String role, String content, String refusal,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ChatToolCall> toolCalls) {
        public Message(String role, String content, List<ChatToolCall> toolCalls) {
            this(role, content, null, toolCalls);
        }
    }
}
