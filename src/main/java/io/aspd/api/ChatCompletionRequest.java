package io.aspd.api;

import io.aspd.model.ChatMessage;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/chat/completions}. Unknown fields are ignored; fields that would change the meaning of
 * the answer but are not implemented (legacy functions, logit bias, audio, ...) are rejected by
 * {@link #checkSupported()} with a 400 that names them. Tools and {@code response_format} are read by
 * {@link ChatOutputOptions}.
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double temperature,
        Double topP,
        Integer topK,
        Integer n,
        Boolean stream,
        StreamOptions streamOptions,
        JsonNode stop,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        Double repetitionPenalty,
        Boolean logprobs,
        Integer topLogprobs,
        String user,
        JsonNode logitBias,
        JsonNode tools,
        JsonNode toolChoice,
        Boolean parallelToolCalls,
        JsonNode functions,
        JsonNode functionCall,
        JsonNode responseFormat,
        JsonNode audio,
        JsonNode modalities,
        JsonNode prediction,
        JsonNode webSearchOptions,
        Boolean returnTokenIds,
        AspdOptions aspd) implements CompletionParameters {

    static final int MAX_TOP_LOGPROBS = 20;

    /**
     * One message: a role and text content (a string, or an array of text parts); an assistant turn may carry
     * {@code tool_calls} (its content may then be null), a {@code tool} message answers {@code tool_call_id}.
     */
    public record Message(String role, JsonNode content, String name, JsonNode toolCalls, String toolCallId) {
    }

    /** {@code max_completion_tokens} is OpenAI's current name; {@code max_tokens} its deprecated one. */
    @Override
    public Integer requestedMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    @Override
    public String maxTokensParameter() {
        return maxCompletionTokens != null ? "max_completion_tokens" : "max_tokens";
    }

    @Override
    public String promptParameter() {
        return "messages";
    }

    @Override
    public int logprobAlternatives() {
        boolean wanted = Boolean.TRUE.equals(logprobs);
        if (topLogprobs == null) {
            return wanted ? 0 : -1;
        }
        if (!wanted) {
            throw ApiException.invalid("top_logprobs", "'top_logprobs' requires 'logprobs' to be true.");
        }
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw ApiException.invalid("top_logprobs",
                    "'top_logprobs' must be between 0 and " + MAX_TOP_LOGPROBS + ", got " + topLogprobs + ".");
        }
        return topLogprobs;
    }

    /** Rejects every field that asks for something this server does not do. */
    public void checkSupported() {
        JsonParams.rejectIfPresent(functions, "functions", "the deprecated functions are not implemented; use 'tools'");
        JsonParams.rejectIfPresent(functionCall, "function_call",
                "the deprecated function_call is not implemented; use 'tool_choice'");
        JsonParams.rejectIfNotEmpty(logitBias, "logit_bias", "logit biases are not implemented");
        JsonParams.rejectIfPresent(audio, "audio", "this model produces text only");
        if (!JsonParams.absent(modalities) && !(modalities.isArray() && modalities.size() == 1
                && "text".equals(modalities.get(0).asString()))) {
            throw ApiException.unsupported("modalities",
                    "'modalities' is not supported: this model produces text only ([\"text\"]).");
        }
        JsonParams.rejectIfPresent(prediction, "prediction", "predicted outputs are not implemented");
        JsonParams.rejectIfPresent(webSearchOptions, "web_search_options", "this server does not search the web");
    }

    /** The conversation as the chat template sees it. */
    public List<ChatMessage> conversation() {
        return ChatMessages.of(messages);
    }
}
