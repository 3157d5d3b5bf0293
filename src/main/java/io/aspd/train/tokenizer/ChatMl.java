package io.aspd.train.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * The ChatML frame the model is trained and served with: every message is
 * {@code <|im_start|>role\ncontent<|im_end|>\n}, and a generation prompt is {@code <|im_start|>assistant\n}.
 * There is no default system message (unlike Qwen2's template): the model only ever sees what it was trained on.
 *
 * <p>{@link #TEMPLATE} is the same frame as a Jinja template for {@code tokenizer_config.json}. It writes newlines as
 * literal text, never as {@code '\n'} escapes inside expressions, so Python's Jinja2 (with or without
 * {@code trim_blocks}) and Jinjava render it identically; a test pins it to {@link #render}.
 */
public final class ChatMl {

    public static final String TEMPLATE = "{% for message in messages %}"
            + SpecialTokens.IM_START + "{{ message['role'] }}\n{{ message['content'] }}" + SpecialTokens.IM_END + "\n"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}" + SpecialTokens.IM_START + "assistant\n{% endif %}";

    /** One chat message. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    private ChatMl() {
    }

    public static String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (Message message : messages) {
            out.append(SpecialTokens.IM_START).append(message.role()).append('\n')
                    .append(message.content()).append(SpecialTokens.IM_END).append('\n');
        }
        if (addGenerationPrompt) {
            out.append(SpecialTokens.IM_START).append("assistant\n");
        }
        return out.toString();
    }
}
