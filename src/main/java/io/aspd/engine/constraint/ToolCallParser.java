package io.aspd.engine.constraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits a whole generated text into the free text before the first call and the tool calls, each as its name and
 * its arguments as JSON text without insignificant whitespace (OpenAI sends {@code function.arguments} as a JSON
 * string). Reads the text with a {@link ToolCallScanner}, so a streamed answer yields the same calls.
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
    private final boolean textBeforeCalls;

    /** A parser for answers in which free text may precede the calls. */
    public ToolCallParser(ToolCallFormat format) {
        this(format, true);
    }

    /** @param textBeforeCalls as for {@link ToolCallScanner#ToolCallScanner(ToolCallFormat, boolean)} */
    public ToolCallParser(ToolCallFormat format, boolean textBeforeCalls) {
        this.format = format;
        this.textBeforeCalls = textBeforeCalls;
    }

    public Parsed parse(String text) {
        ToolCallScanner scanner = new ToolCallScanner(format, textBeforeCalls);
        List<ToolCallScanner.Event> events = new ArrayList<>(scanner.accept(text));
        events.addAll(scanner.finish());
        StringBuilder content = new StringBuilder();
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, StringBuilder> arguments = new HashMap<>();
        List<ToolCall> calls = new ArrayList<>();
        boolean complete = scanner.allCallsComplete();
        for (ToolCallScanner.Event event : events) {
            if (event instanceof ToolCallScanner.Content c) {
                content.append(c.text());
            } else if (event instanceof ToolCallScanner.CallStart start) {
                names.put(start.index(), start.name());
                arguments.put(start.index(), new StringBuilder());
            } else if (event instanceof ToolCallScanner.Arguments a) {
                arguments.get(a.index()).append(a.fragment());
            } else if (event instanceof ToolCallScanner.CallEnd end) {
                String json = arguments.get(end.index()).toString();
                if (end.complete() && isJson(json)) {
                    calls.add(new ToolCall(names.get(end.index()), json));
                } else {
                    complete = false;
                }
            }
        }
        String before = content.toString();
        return new Parsed(before.isBlank() ? null : before, calls, complete);
    }

    private static boolean isJson(String text) {
        try {
            MAPPER.readTree(text);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }
}
