package io.aspd.api;

import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolCallScanner;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one streamed choice's text into content and tool-call deltas, as {@link ChatResponseFormat#response()} splits
 * the whole text (both read it with a {@link ToolCallScanner}): content is the text before the first call (none when
 * that text is blank and a call follows); a call is sent as OpenAI streams it, a first delta with its index, id, type,
 * name and empty arguments as soon as the name has been generated, then its arguments in fragments as they are
 * generated, so that the SDKs' accumulators rebuild it. Text that could be the start of a marker is held back until it
 * is known not to be one.
 */
final class ToolCallStream {
    /** What one piece of text adds to the stream: content (possibly empty) and call deltas (possibly none). */
    record Output(String content, List<ChatToolCall> calls) {
        boolean isEmpty() {
            return content.isEmpty() && calls.isEmpty();
        }
    }

    private final ToolCallScanner scanner;
    /** Leading blank text, held until it is known whether content or a call follows. */
    private final StringBuilder blankLead = new StringBuilder();
    private boolean contentStarted;
    private int completeCalls;

    /** @param textBeforeCalls as for {@link ToolCallScanner#ToolCallScanner(ToolCallFormat, boolean)} */
    ToolCallStream(ToolCallFormat format, boolean textBeforeCalls) {
        this.scanner = new ToolCallScanner(format, textBeforeCalls);
    }

    /** How many calls have been sent whole (closed by their marker). */
    int completeCalls() {
        return completeCalls;
    }

    Output accept(String text) {
        return output(scanner.accept(text));
    }

    /** The end of the choice: held text that turned out to be content (an unfinished call just ends). */
    String finish() {
        String rest = output(scanner.finish()).content();
        if (!scanner.opened() && !contentStarted) {
            rest = blankLead + rest;
        }
        blankLead.setLength(0);
        return rest;
    }

    private Output output(List<ToolCallScanner.Event> events) {
        StringBuilder content = new StringBuilder();
        List<ChatToolCall> deltas = new ArrayList<>();
        for (ToolCallScanner.Event event : events) {
            if (event instanceof ToolCallScanner.Content c) {
                content.append(content(c.text()));
            } else if (event instanceof ToolCallScanner.CallStart start) {
                deltas.add(new ChatToolCall(start.index(), ChatToolCall.newId(), "function",
                        new ChatToolCall.Function(start.name(), "")));
            } else if (event instanceof ToolCallScanner.Arguments arguments) {
                deltas.add(new ChatToolCall(arguments.index(), null, null,
                        new ChatToolCall.Function(null, arguments.fragment())));
            } else if (event instanceof ToolCallScanner.CallEnd end && end.complete()) {
                completeCalls++;
            }
        }
        return new Output(content.toString(), deltas);
    }

    /** Content before any call: blank text is held until something else comes. */
    private String content(String text) {
        if (contentStarted) {
            return text;
        }
        if (text.isBlank()) {
            blankLead.append(text);
            return "";
        }
        contentStarted = true;
        String lead = blankLead.toString();
        blankLead.setLength(0);
        return lead + text;
    }
}
