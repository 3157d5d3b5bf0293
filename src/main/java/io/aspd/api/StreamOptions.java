package io.aspd.api;

/** OpenAI's {@code stream_options}: only {@code include_usage} changes anything. */
public record StreamOptions(Boolean includeUsage) {
    public boolean wantsUsage() {
        return Boolean.TRUE.equals(includeUsage);
    }
}
