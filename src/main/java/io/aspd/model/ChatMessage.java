package io.aspd.model;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation, as chat templates see it: OpenAI's message shape. {@code content} may be null only
 * for an assistant turn that consists of tool calls; {@code toolCallId} answers a call in a {@code tool} message;
 * {@code name} is the optional participant or tool name.
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {

    /** A function call the assistant made; {@code arguments} is the JSON text, as on OpenAI's wire. */
    public record ToolCall(String id, String name, String arguments) {

        public ToolCall {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
        if (content == null && toolCalls.isEmpty()) {
            throw new NullPointerException("content (only a turn of tool calls may have none)");
        }
    }

    /** A plain text message. */
    public ChatMessage(String role, String content) {
        this(role, Objects.requireNonNull(content, "content"), List.of(), null, null);
    }

    /** An assistant turn that calls tools, with optional text before the calls. */
    public static ChatMessage assistantToolCalls(String content, List<ToolCall> toolCalls) {
        if (toolCalls.isEmpty()) {
            throw new IllegalArgumentException("an assistant tool-call turn needs at least one call");
        }
        return new ChatMessage("assistant", content, toolCalls, null, null);
    }

    /** The result of the call {@code toolCallId} of the tool {@code name} (either may be null when unknown). */
    public static ChatMessage toolResult(String toolCallId, String name, String content) {
        return new ChatMessage("tool", Objects.requireNonNull(content, "content"), List.of(), toolCallId, name);
    }
}
