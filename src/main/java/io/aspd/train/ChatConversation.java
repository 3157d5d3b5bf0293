package io.aspd.train;

import io.aspd.model.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * One training conversation: its messages (the last is the assistant turn to learn) and the tools sent with it, as
 * OpenAI sends them ({@code {"type": "function", "function": {...}}} as plain Java values in the file's key order;
 * empty for none).
 */
public record ChatConversation(List<ChatMessage> messages, List<Map<String, Object>> tools) {
    public ChatConversation {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    public ChatConversation(List<ChatMessage> messages) {
        this(messages, List.of());
    }
}
