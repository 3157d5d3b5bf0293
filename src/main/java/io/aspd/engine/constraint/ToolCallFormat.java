package io.aspd.engine.constraint;

import java.nio.charset.StandardCharsets;

/**
 * How a model writes a tool call: {@code open}, a JSON object {@code {"name": ..., "arguments": {...}}}, then
 * {@code close}; whitespace (such as the Hermes newlines) may surround the object. The default is the Hermes/Qwen2.5
 * syntax {@code <tool_call>\n{...}\n</tool_call>}. The markers are non-empty, distinct, and start with neither
 * whitespace nor {@code '{'}, so that where a call starts and ends is never ambiguous.
 */
public record ToolCallFormat(String open, String close) {
    public static final ToolCallFormat HERMES = new ToolCallFormat("<tool_call>", "</tool_call>");

    public ToolCallFormat {
        for (String marker : new String[] {open, close}) {
            if (marker == null || marker.isEmpty() || JsonGrammar.isWhitespace(marker.charAt(0))
                    || marker.charAt(0) == '{') {
                throw new IllegalArgumentException("a tool-call marker must be non-empty and start with neither"
                        + " whitespace nor '{': '" + marker + "'");
            }
        }
        if (open.equals(close)) {
            throw new IllegalArgumentException("the open and close markers of a tool call must differ: '" + open
                    + "'");
        }
    }

    byte[] openBytes() {
        return open.getBytes(StandardCharsets.UTF_8);
    }

    byte[] closeBytes() {
        return close.getBytes(StandardCharsets.UTF_8);
    }
}
