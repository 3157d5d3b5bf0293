package io.aspd.data.llm;

import java.util.Objects;

/** One chat completion request: a system and a user message, sampled at {@code temperature}. */
public record ChatPrompt(String system, String user, double temperature) {
    public ChatPrompt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        if (temperature < 0 || temperature > 2) {
            throw new IllegalArgumentException("temperature must lie in [0, 2], got " + temperature);
        }
    }
}
