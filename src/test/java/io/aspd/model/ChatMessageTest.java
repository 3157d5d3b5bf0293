package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMessageTest {

    @Test
    void aPlainMessageHasNoToolParts() {
        ChatMessage message = new ChatMessage("user", "Hi");
        assertTrue(message.toolCalls().isEmpty());
        assertNull(message.toolCallId());
        assertNull(message.name());
    }

    @Test
    void onlyATurnOfToolCallsMayLackContent() {
        assertThrows(NullPointerException.class, () -> new ChatMessage("user", null));
        assertThrows(NullPointerException.class, () -> new ChatMessage("assistant", null, List.of(), null, null));
        ChatMessage calls = ChatMessage.assistantToolCalls(null,
                List.of(new ChatMessage.ToolCall("c1", "lookup", "{}")));
        assertEquals("assistant", calls.role());
        assertNull(calls.content());
        assertThrows(IllegalArgumentException.class, () -> ChatMessage.assistantToolCalls("x", List.of()));
    }

    @Test
    void toolCallsAreCopiedAndResultsNameTheirCall() {
        List<ChatMessage.ToolCall> calls = new ArrayList<>(List.of(new ChatMessage.ToolCall(null, "f", "{}")));
        ChatMessage message = ChatMessage.assistantToolCalls("", calls);
        calls.clear();
        assertEquals(1, message.toolCalls().size(), "the message keeps its own list");
        ChatMessage result = ChatMessage.toolResult("c1", "f", "42");
        assertEquals("tool", result.role());
        assertEquals("c1", result.toolCallId());
        assertEquals("f", result.name());
        assertThrows(NullPointerException.class, () -> new ChatMessage.ToolCall("c1", "f", null));
    }
}
