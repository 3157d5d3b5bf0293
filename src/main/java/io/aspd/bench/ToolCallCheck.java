package io.aspd.bench;

import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.model.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How an evaluated turn's tool calls are scored.
 * <ul>
 *   <li><b>Tool-call accuracy</b>: a turn that should call (the record's expected calls) is right when it makes
 *       exactly those calls: the same tools with the same arguments (compared as JSON values, so key order and
 *       spacing do not matter; an extra, missing or changed argument is wrong), in any order, none more. A turn
 *       that should not call (a missing argument, an answer from results, a general question with tools present) is
 *       right when it makes no call.</li>
 *   <li><b>Invented arguments</b>: a call with a string argument that appears in none of the user's messages.</li>
 * </ul>
 */
final class ToolCallCheck {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolCallCheck() {
    }

    static boolean callsRight(List<ToolCallParser.ToolCall> expected, List<ToolCallParser.ToolCall> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        List<ToolCallParser.ToolCall> unmatched = new ArrayList<>(actual);
        for (ToolCallParser.ToolCall call : expected) {
            int match = indexOfSame(unmatched, call);
            if (match < 0) {
                return false;
            }
            unmatched.remove(match);
        }
        return true;
    }

    private static int indexOfSame(List<ToolCallParser.ToolCall> calls, ToolCallParser.ToolCall wanted) {
        JsonNode arguments = tree(wanted.argumentsJson());
        for (int i = 0; i < calls.size(); i++) {
            ToolCallParser.ToolCall call = calls.get(i);
            if (call.name().equals(wanted.name()) && arguments != null
                    && arguments.equals(tree(call.argumentsJson()))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether some call has a string argument found in none of the user's messages. */
    static boolean inventsArguments(List<ToolCallParser.ToolCall> calls, List<ChatMessage> conversation) {
        String userText = String.join("\n", conversation.stream().filter(m -> m.role().equals("user"))
                .map(ChatMessage::content).toList());
        for (ToolCallParser.ToolCall call : calls) {
            JsonNode arguments = tree(call.argumentsJson());
            if (arguments == null) {
                return true;
            }
            List<String> values = new ArrayList<>();
            collectStrings(arguments, values);
            if (values.stream().anyMatch(value -> !userText.contains(value))) {
                return true;
            }
        }
        return false;
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isString()) {
            out.add(node.asString());
        }
        for (JsonNode child : node) {
            collectStrings(child, out);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
    }
}
