package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import org.junit.jupiter.api.Test;

class ChatMlTest {

    private static final List<ChatMl.Message> CHAT = List.of(
            new ChatMl.Message("user", "How can I pay?\nAnd {{ not a template }}"),
            new ChatMl.Message("assistant", "Two ways:\n<|title|>Card<|/title|>..."),
            new ChatMl.Message("user", "Thanks!"));

    /**
     * Jinjava re-renders "{{ ... }}" found inside values unless nested interpretation is off; message content is user
     * data, never template, so a server rendering chat templates with Jinjava must switch it off as here.
     */
    private static final Jinjava JINJAVA =
            new Jinjava(JinjavaConfig.newBuilder().withNestedInterpretationEnabled(false).build());

    private static String jinja(List<ChatMl.Message> messages, boolean addGenerationPrompt) {
        List<Map<String, String>> plain = messages.stream()
                .map(m -> Map.of("role", m.role(), "content", m.content())).toList();
        return JINJAVA.render(ChatMl.TEMPLATE, Map.of("messages", plain, "add_generation_prompt", addGenerationPrompt));
    }

    @Test
    void framesEveryMessageInChatMl() {
        assertThat(ChatMl.render(CHAT.subList(2, 3), true))
                .isEqualTo("<|im_start|>user\nThanks!<|im_end|>\n<|im_start|>assistant\n");
        assertThat(ChatMl.render(CHAT.subList(2, 3), false)).isEqualTo("<|im_start|>user\nThanks!<|im_end|>\n");
    }

    @Test
    void jinjaTemplateRendersExactlyLikeTheJavaFrame() {
        assertThat(jinja(CHAT, true)).isEqualTo(ChatMl.render(CHAT, true));
        assertThat(jinja(CHAT, false)).isEqualTo(ChatMl.render(CHAT, false));
    }
}
