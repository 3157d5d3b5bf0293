package io.aspd.bench;

import io.aspd.model.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One benchmark or evaluation prompt: a conversation (the trailing assistant answer of a training-style record is
 * dropped) and its category. Read from JSON lines with either {@code "messages"} (OpenAI chat format, as the corpus and
 * the data pipeline write) or a plain {@code "prompt"} string, plus optional {@code "category"}, and for evaluation
 * the corpus's {@code "parallelizable"} (should the answer have a block) and {@code "facts"} (strings a correct answer
 * contains).
 *
 * @param parallelizable null when the record does not say
 */
public record BenchPrompt(String id, String category, List<ChatMessage> messages, Boolean parallelizable,
                          List<String> facts) {

    public BenchPrompt {
        messages = List.copyOf(messages);
        facts = List.copyOf(facts);
    }

    public static List<BenchPrompt> read(Path file) {
        JsonMapper json = JsonMapper.builder().build();
        List<BenchPrompt> prompts = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(lines.get(i));
                List<String> facts = new ArrayList<>();
                node.path("facts").forEach(fact -> facts.add(fact.asString()));
                Boolean parallelizable = node.path("parallelizable").isBoolean()
                        ? node.get("parallelizable").asBoolean() : null;
                prompts.add(new BenchPrompt(node.path("id").asString("line-" + (i + 1)),
                        node.path("category").asString("general"), messages(node, file, i + 1), parallelizable, facts));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompts from " + file, e);
        }
        return prompts;
    }

    private static List<ChatMessage> messages(JsonNode node, Path file, int line) {
        List<ChatMessage> messages = new ArrayList<>();
        if (node.hasNonNull("prompt")) {
            messages.add(new ChatMessage("user", node.get("prompt").asString()));
            return messages;
        }
        for (JsonNode message : node.path("messages")) {
            messages.add(new ChatMessage(message.path("role").asString(), message.path("content").asString()));
        }
        if (!messages.isEmpty() && messages.get(messages.size() - 1).role().equals("assistant")) {
            messages.remove(messages.size() - 1);
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException(file + ":" + line + ": needs \"prompt\" or \"messages\"");
        }
        return messages;
    }
}
