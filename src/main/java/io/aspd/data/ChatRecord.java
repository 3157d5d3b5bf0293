package io.aspd.data;

import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One input line in the OpenAI fine-tuning chat format: {@code {"messages":[{"role":..., "content":...}, ...]}}. The
 * answer to transform is the last assistant message; the question is the last user message before it. The whole object
 * is kept, so fields this tool does not know (tools, weights, ids) reach the output unchanged.
 *
 * @param line        the 1-based line number in the input file
 * @param answerIndex index of the answer in {@code messages}
 */
public record ChatRecord(int line, ObjectNode json, int answerIndex, String question, String answer) {
    static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    public ChatRecord {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
    }

    /** Parses one line, or says precisely why it is not a usable record. */
    public static ChatRecord parse(int line, String text) throws MalformedRecordException {
        JsonNode root;
        try {
            root = Jsonl.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedRecordException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new MalformedRecordException("no non-empty \"messages\" array");
        }
        int answerIndex = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "message " + (i + 1);
            if (!message.isObject() || !message.path("role").isString()) {
                throw new MalformedRecordException(where + " has no \"role\"");
            }
            String role = message.get("role").stringValue();
            if (!ROLES.contains(role)) {
                throw new MalformedRecordException(where + " has unknown role '" + role + "'");
            }
            JsonNode content = message.get("content");
            if (content != null && !content.isNull() && !content.isString()) {
                throw new MalformedRecordException(where + " has a \"content\" that is not a string");
            }
            if ("assistant".equals(role)) {
                answerIndex = i;
            }
        }
        if (answerIndex < 0) {
            throw new MalformedRecordException("no assistant message");
        }
        JsonNode answer = messages.get(answerIndex).get("content");
        if (answer == null || !answer.isString()) {
            throw new MalformedRecordException("the last assistant message has no text content");
        }
        String question = "";
        for (int i = answerIndex - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.get("role").stringValue()) && message.path("content").isString()) {
                question = message.get("content").stringValue();
                break;
            }
        }
        return new ChatRecord(line, (ObjectNode) root, answerIndex, question, answer.stringValue());
    }

    /** A line that is not a record of the chat format. */
    public static final class MalformedRecordException extends Exception {
        public MalformedRecordException(String message) {
            super(message);
        }
    }
}
