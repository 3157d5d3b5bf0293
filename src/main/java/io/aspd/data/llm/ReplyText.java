package io.aspd.data.llm;

import java.util.regex.Pattern;

/** Cleans a model's reply before it is read: reasoning models put a {@code <think>} section first. */
final class ReplyText {
    private static final Pattern LEADING_REASONING = Pattern.compile("^\\s*<think>.*?</think>\\s*", Pattern.DOTALL);

    private ReplyText() {
    }

    static String withoutReasoning(String reply) {
        return LEADING_REASONING.matcher(reply).replaceFirst("");
    }
}
