package io.aspd.train;

import io.aspd.model.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads training conversations from JSON lines in the OpenAI fine-tuning chat format
 * ({@code {"messages":[{"role":..,"content":..},..]}}), as the corpus generator and the data pipeline write them; the
 * last message is the assistant answer to learn, other fields are ignored. Malformed lines are skipped and logged with
 * their line number.
 */
public final class ChatRecords {
    private static final Logger log = LoggerFactory.getLogger(ChatRecords.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatRecords() {
    }

    public static List<List<ChatMessage>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<List<ChatMessage>> conversations = new ArrayList<>();
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

    static List<ChatMessage> parse(String line) {
        JsonNode messages = JSON.readTree(line).path("messages");
        List<ChatMessage> conversation = new ArrayList<>();
        for (JsonNode message : messages) {
            if (!message.path("role").isString() || !message.path("content").isString()) {
                throw new IllegalArgumentException("every message needs a string role and content");
            }
            conversation.add(new ChatMessage(message.get("role").asString(), message.get("content").asString()));
        }
        if (conversation.size() < 2 || !conversation.get(conversation.size() - 1).role().equals("assistant")) {
            throw new IllegalArgumentException("needs at least one message and a final assistant answer");
        }
        return conversation;
    }
}
