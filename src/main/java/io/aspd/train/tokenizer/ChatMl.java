package io.aspd.train.tokenizer;

import io.aspd.model.ChatTemplate;
import java.util.List;
import java.util.Objects;

/**
 * The ChatML frame the model is trained and served with: every message is
 * {@code <|im_start|>role\ncontent<|im_end|>\n}, and a generation prompt is {@code <|im_start|>assistant\n}.
 * There is no default system message (unlike Qwen2's template): the model only ever sees what it was trained on.
 *
 * <p>{@link #TEMPLATE} ({@code chatml-tools.jinja} beside this class) is that frame as a Jinja template for
 * {@code tokenizer_config.json}, and it renders tools too: their signatures in the system turn, calls and results in
 * the Hermes format. Without tools it renders exactly what {@link #render} writes; a test pins the two together.
 */
public final class ChatMl {

    public static final String TEMPLATE = ChatTemplate.readResource(ChatMl.class, "chatml-tools.jinja");

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
