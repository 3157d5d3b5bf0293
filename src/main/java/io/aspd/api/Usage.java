package io.aspd.api;

/**
 * OpenAI's {@code usage}. Completion tokens count every generated token, ASPD markup and all branches included: it is
 * compute, and {@code max_tokens} counts the same tokens, the way OpenAI's {@code max_completion_tokens} counts hidden
 * reasoning tokens. The details say how many of them the client never sees as text.
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens, PromptTokensDetails promptTokensDetails,
                    CompletionTokensDetails completionTokensDetails) {

    /**
     * OpenAI's breakdown of the prompt: {@code cached_tokens} were read from the prefix cache instead of being
     * prefilled (whole 16-token blocks); there is no audio.
     */
    public record PromptTokensDetails(int cachedTokens, int audioTokens) {
    }

    /**
     * OpenAI's breakdown of the completion (its keys kept, zero where they do not apply: there is no hidden reasoning,
     * audio or predicted output here), plus {@code aspd_markup_tokens}: generated tokens that are not visible text
     * (titles, ASPD tags, forced branch heads, the end-of-answer token).
     */
    public record CompletionTokensDetails(int reasoningTokens, int audioTokens, int acceptedPredictionTokens,
                                          int rejectedPredictionTokens, int aspdMarkupTokens) {
    }

    public static Usage of(int promptTokens, int cachedPromptTokens, int completionTokens, int markupTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens,
                new PromptTokensDetails(cachedPromptTokens, 0), new CompletionTokensDetails(0, 0, 0, 0, markupTokens));
    }
}
