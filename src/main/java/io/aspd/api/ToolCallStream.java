package io.aspd.api;

import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolCallParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one streamed choice's text into content and tool-call deltas, as {@link ChatResponseFormat#response()} splits
 * the whole text: content is the text before the first call marker (none when that text is blank and a call
 * follows); each call is sent once its closing marker has arrived (the engine guarantees it is complete and valid), as
 * a first delta with its index, id, type and name, then its arguments. Text that could be the start of a marker is
 * held back until it is known not to be one.
 */
final class ToolCallStream {
    /** What one piece of text adds to the stream: content (possibly empty) and call deltas (possibly none). */
    record Output(String content, List<ChatToolCall> calls) {
        boolean isEmpty() {
            return content.isEmpty() && calls.isEmpty();
        }
    }

    private final ToolCallFormat format;
    private final ToolCallParser parser;
    /** Text received and not yet sent or dropped. */
    private final StringBuilder pending = new StringBuilder();
    /** Leading blank text, held until it is known whether content or a call follows. */
    private final StringBuilder blankLead = new StringBuilder();
    private boolean contentStarted;
    private boolean markerSeen;
    private boolean inCall;
    private int calls;

    ToolCallStream(ToolCallFormat format) {
        this.format = format;
        this.parser = new ToolCallParser(format);
    }

    /** How many calls have been sent. */
    int calls() {
        return calls;
    }

    Output accept(String text) {
        pending.append(text);
        StringBuilder content = new StringBuilder();
        List<ChatToolCall> deltas = new ArrayList<>();
        while (true) {
            if (!inCall) {
                int open = pending.indexOf(format.open());
                int ready = open >= 0 ? open : pending.length() - heldMarkerPrefix();
                if (!markerSeen) {
                    content.append(content(pending.substring(0, ready)));
                }
                pending.delete(0, ready);
                if (open < 0) {
                    break;
                }
                markerSeen = true;
                inCall = true;
            } else {
                int close = pending.indexOf(format.close(), format.open().length());
                if (close < 0) {
                    break;
                }
                int end = close + format.close().length();
                for (ToolCallParser.ToolCall call : parser.parse(pending.substring(0, end)).calls()) {
                    int index = calls++;
                    deltas.add(new ChatToolCall(index, ChatToolCall.newId(), "function",
                            new ChatToolCall.Function(call.name(), "")));
                    deltas.add(new ChatToolCall(index, null, null, new ChatToolCall.Function(null,
                            call.argumentsJson())));
                }
                pending.delete(0, end);
                inCall = false;
            }
        }
        return new Output(content.toString(), deltas);
    }

    /** The end of the choice: held text that turned out to be content (an unfinished call is dropped). */
    String finish() {
        String rest = "";
        if (!markerSeen) {
            rest = contentStarted ? pending.toString() : blankLead + pending.toString();
        }
        pending.setLength(0);
        blankLead.setLength(0);
        return rest;
    }

    /** Content before any marker: blank text is held until something else comes. */
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

    /** The length of the longest end of the pending text that begins the open marker. */
    private int heldMarkerPrefix() {
        String open = format.open();
        String text = pending.toString();
        for (int n = Math.min(open.length() - 1, text.length()); n > 0; n--) {
            if (text.regionMatches(text.length() - n, open, 0, n)) {
                return n;
            }
        }
        return 0;
    }
}
