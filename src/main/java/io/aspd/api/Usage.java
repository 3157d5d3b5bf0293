package io.aspd.api;

/** OpenAI's {@code usage}: completion tokens count every generated token, ASPD markup and all branches included. */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }
}
