package io.aspd.train.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code messages} of chat JSON lines (the OpenAI fine-tuning format written by the corpus generator and
 * the data pipeline); other fields are ignored.
 */
public final class ChatJsonl {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ChatJsonl() {
    }

    public static List<List<ChatMl.Message>> read(Path file) throws IOException {
        List<List<ChatMl.Message>> conversations = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    conversations.add(messages(line, file + ":" + number));
                }
            }
        }
        return conversations;
    }

    static List<ChatMl.Message> messages(String jsonLine, String where) {
        JsonNode messages = MAPPER.readTree(jsonLine).get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException(where + ": no \"messages\" array");
        }
        List<ChatMl.Message> out = new ArrayList<>();
        for (JsonNode message : messages) {
            JsonNode role = message.get("role");
            JsonNode content = message.get("content");
            if (role == null || content == null || !role.isString() || !content.isString()) {
                throw new IllegalArgumentException(where + ": a message needs string \"role\" and \"content\"");
            }
            out.add(new ChatMl.Message(role.asString(), content.asString()));
        }
        return out;
    }
}
