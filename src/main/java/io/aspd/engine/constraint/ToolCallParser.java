package io.aspd.engine.constraint;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits generated text into the free text before the first call and the tool calls, each as its name and its
 * arguments re-serialized compactly (OpenAI sends {@code function.arguments} as a JSON string).
 */
public final class ToolCallParser {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** One call. */
    public record ToolCall(String name, String argumentsJson) {
    }

    /**
     * @param content the text before the first call (null when empty or only whitespace)
     * @param complete false when the text ends inside a call, or a call is not a {@code name}/{@code arguments}
     *     object; such a call is not in {@code calls}
     */
    public record Parsed(String content, List<ToolCall> calls, boolean complete) {
    }

    private final ToolCallFormat format;

    public ToolCallParser(ToolCallFormat format) {
        this.format = format;
    }

    public Parsed parse(String text) {
        int first = text.indexOf(format.open());
        String before = first < 0 ? text : text.substring(0, first);
        String content = before.isBlank() ? null : before;
        List<ToolCall> calls = new ArrayList<>();
        boolean complete = true;
        int at = first;
        while (at >= 0) {
            int bodyStart = at + format.open().length();
            int end = text.indexOf(format.close(), bodyStart);
            if (end < 0) {
                complete = false;
                break;
            }
            ToolCall call = call(text.substring(bodyStart, end));
            if (call == null) {
                complete = false;
            } else {
                calls.add(call);
            }
            at = text.indexOf(format.open(), end + format.close().length());
        }
        return new Parsed(content, calls, complete);
    }

    private static ToolCall call(String body) {
        try {
            JsonNode call = MAPPER.readTree(body);
            JsonNode name = call.get("name");
            JsonNode arguments = call.get("arguments");
            if (!call.isObject() || name == null || !name.isString() || arguments == null) {
                return null;
            }
            return new ToolCall(name.stringValue(), MAPPER.writeValueAsString(arguments));
        } catch (JacksonException e) {
            return null;
        }
    }
}
