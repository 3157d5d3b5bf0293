package io.aspd.bench;

import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.model.ChatMessage;
import io.aspd.train.ChatRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One benchmark or evaluation prompt: a conversation (the trailing assistant turn of a training-style record is
 * dropped) and its category. Read from JSON lines with either {@code "messages"} (OpenAI chat format, as the corpus and
 * the data pipeline write, tool calls and tool messages included) or a plain {@code "prompt"} string, plus optional
 * {@code "category"} and {@code "tools"} (sent with the request), and for evaluation the corpus's
 * {@code "parallelizable"} (should the answer have a block), {@code "facts"} (strings a correct answer contains) and
 * {@code "expectedCalls"} (the calls a correct turn makes; none means the turn must not call).
 *
 * @param parallelizable null when the record does not say
 */
public record BenchPrompt(String id, String category, List<ChatMessage> messages, Boolean parallelizable,
                          List<String> facts, List<Map<String, Object>> tools,
                          List<ToolCallParser.ToolCall> expectedCalls) {

    public BenchPrompt {
        messages = List.copyOf(messages);
        facts = List.copyOf(facts);
        tools = List.copyOf(tools);
        expectedCalls = List.copyOf(expectedCalls);
    }

    /** Whether the request carries tools (so the answer may be tool calls). */
    public boolean hasTools() {
        return !tools.isEmpty();
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
                List<ToolCallParser.ToolCall> expected = new ArrayList<>();
                for (JsonNode call : node.path("expectedCalls")) {
                    expected.add(new ToolCallParser.ToolCall(call.path("function").path("name").asString(),
                            call.path("function").path("arguments").asString()));
                }
                prompts.add(new BenchPrompt(node.path("id").asString("line-" + (i + 1)),
                        node.path("category").asString("general"), messages(node, file, i + 1), parallelizable, facts,
                        ChatRecords.tools(node), expected));
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
            messages.add(ChatRecords.message(message));
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
