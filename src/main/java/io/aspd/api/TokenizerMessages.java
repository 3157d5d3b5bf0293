package io.aspd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Bodies of {@code POST /tokenize} and {@code POST /detokenize}, as vLLM defines them. */
final class TokenizerMessages {
    private TokenizerMessages() {
    }

    /**
     * Either {@code prompt} (plain text) or {@code messages} (rendered with the chat template, with the assistant turn
     * opened unless {@code add_generation_prompt} is false, and with {@code tools} as a chat request renders them).
     */
    record TokenizeRequest(String model, String prompt, List<ChatCompletionRequest.Message> messages, JsonNode tools,
                           Boolean addGenerationPrompt, Boolean returnTokenStrs) {
    }

    record TokenizeResponse(int count, int maxModelLen, List<Integer> tokens,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> tokenStrs) {
    }

    record DetokenizeRequest(String model, List<Integer> tokens) {
    }

    record DetokenizeResponse(String prompt) {
    }
}
