package io.aspd.train;

import io.aspd.model.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads training conversations from JSON lines in the OpenAI fine-tuning chat format
 * ({@code {"messages":[{"role":..,"content":..},..], "tools": [..]}}), as the corpus generator and the data pipeline
 * write them: {@code tools} optional at the top level; assistant messages may carry {@code tool_calls}
 * ({@code id}, {@code function.name}, {@code function.arguments} as a JSON string) with null content; {@code tool}
 * messages answer a call by {@code tool_call_id}. The last message is the assistant turn to learn (an answer or
 * tool calls); other fields are ignored. Malformed lines are skipped and logged with their line number.
 */
public final class ChatRecords {
    private static final Logger log = LoggerFactory.getLogger(ChatRecords.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatRecords() {
    }

    public static List<ChatConversation> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ChatConversation> conversations = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                conversations.add(parse(lines.get(i)));
            } catch (JacksonException | IllegalArgumentException e) {
                log.warn("{}:{}: skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return conversations;
    }

    public static ChatConversation parse(String line) {
        JsonNode root = JSON.readTree(line);
        List<ChatMessage> conversation = new ArrayList<>();
        for (JsonNode message : root.path("messages")) {
            conversation.add(message(message));
        }
        if (conversation.size() < 2 || !conversation.get(conversation.size() - 1).role().equals("assistant")) {
            throw new IllegalArgumentException("needs at least one message and a final assistant turn");
        }
        return new ChatConversation(conversation, tools(root));
    }

    /** The line's top-level {@code tools}, as plain Java values in the file's key order (empty when absent). */
    public static List<Map<String, Object>> tools(JsonNode line) {
        List<Map<String, Object>> tools = new ArrayList<>();
        for (JsonNode tool : line.path("tools")) {
            if (!tool.isObject()) {
                throw new IllegalArgumentException("every tool must be an object");
            }
            tools.add(JSON.convertValue(tool, new TypeReference<LinkedHashMap<String, Object>>() { }));
        }
        return tools;
    }

    /**
     * One message in OpenAI's shape: string role; content a string, or null in an assistant turn of tool calls;
     * optional {@code tool_calls}, {@code tool_call_id} and {@code name}.
     *
     * @throws IllegalArgumentException when the message is malformed
     */
    public static ChatMessage message(JsonNode message) {
        JsonNode content = message.path("content");
        if (!message.path("role").isString() || !(content.isString() || content.isNull() || content.isMissingNode())) {
            throw new IllegalArgumentException("every message needs a string role, and content a string or null");
        }
        String role = message.get("role").asString();
        String text = content.isString() ? content.asString() : null;
        List<ChatMessage.ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (!function.path("name").isString() || !function.path("arguments").isString()) {
                throw new IllegalArgumentException("a tool call needs function.name and function.arguments strings");
            }
            calls.add(new ChatMessage.ToolCall(call.path("id").isString() ? call.get("id").asString() : null,
                    function.get("name").asString(), function.get("arguments").asString()));
        }
        if (!calls.isEmpty() && !role.equals("assistant")) {
            throw new IllegalArgumentException("only assistant messages carry tool calls");
        }
        if (text == null && calls.isEmpty()) {
            throw new IllegalArgumentException("content may be null only in a turn of tool calls");
        }
        String toolCallId = message.path("tool_call_id").isString() ? message.get("tool_call_id").asString() : null;
        String name = message.path("name").isString() ? message.get("name").asString() : null;
        return new ChatMessage(role, text, calls, toolCallId, name);
    }
}
