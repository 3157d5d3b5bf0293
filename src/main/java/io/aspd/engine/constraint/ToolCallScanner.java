package io.aspd.engine.constraint;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a tool-calling answer as it is generated, piece by piece, into events: content, the start of each call (once
 * its name is known), its arguments in fragments as they arrive, and its end. {@link ToolCallParser} reads a whole
 * text with it, the API's stream reads the pieces of a streamed answer with it, so both see the same calls.
 *
 * <p>A call is {@code open}, whitespace, the JSON object {@code {"name": ..., "arguments": ...}} (keys in either order),
 * whitespace, {@code close}. The object is scanned structurally (strings and escapes, nesting), so a marker inside a
 * string does not end a call. The arguments are passed on as written without the whitespace outside strings, which is
 * the JSON text OpenAI sends as {@code function.arguments}; fragments that arrive before the name (arguments written
 * first) are held until the name is known. Text after the first call that is not a call is dropped (under the
 * tool-call constraint it is only whitespace).
 */
public final class ToolCallScanner {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** What a piece of text adds. */
    public sealed interface Event permits Content, CallStart, Arguments, CallEnd {
    }

    /** Text of the answer's content (before any call). */
    public record Content(String text) implements Event {
    }

    /** A call whose name is now known; {@code index} counts the calls of the answer from 0. */
    public record CallStart(int index, String name) implements Event {
    }

    /** The next fragment of call {@code index}'s arguments. */
    public record Arguments(int index, String fragment) implements Event {
    }

    /**
     * The end of call {@code index}.
     *
     * @param complete whether it has a name and arguments and was closed by the marker (false: cut or malformed)
     */
    public record CallEnd(int index, boolean complete) implements Event {
    }

    private enum Phase {
        /** Free text before the first call: content, watched for the open marker. */
        TEXT,
        /** The output either opens with a call or is content as a whole: matching the marker's first characters. */
        START,
        /** Content to the end. */
        CONTENT,
        /** Inside a call's JSON object. */
        BODY,
        /** After a call's object: whitespace, then the close marker. */
        CLOSE,
        /** After a call (or a malformed one): waiting for the next open marker; the text is not content. */
        BETWEEN
    }

    /** Where the scanner is inside the call's object, outside nested values and strings. */
    private enum Expect { OBJECT, FIRST_KEY, KEY, COLON, VALUE, AFTER_VALUE }

    /** What the string or value being scanned is. */
    private enum Slot { NONE, KEY, NAME, ARGUMENTS, OTHER }

    private final ToolCallFormat format;
    private Phase phase;
    /** TEXT, BETWEEN: text that may begin the open marker; START: the marker characters matched so far. */
    private final StringBuilder pending = new StringBuilder();
    private List<Event> out;
    private int callsStarted;
    private boolean opened;
    private boolean allComplete = true;

    // the call being scanned
    private Expect expect;
    private Slot slot;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean scalar;
    private final StringBuilder keyText = new StringBuilder();
    private final StringBuilder nameText = new StringBuilder();
    private final StringBuilder fragment = new StringBuilder();
    private final List<String> heldFragments = new ArrayList<>();
    private String key;
    private String name;
    private boolean hasArguments;
    private int closeMatched;

    /**
     * @param textBeforeCalls true when free text may precede the calls (it is content); false when the output either
     *     opens with a call or is content as a whole (a JSON answer, in which the marker may appear inside a string)
     */
    public ToolCallScanner(ToolCallFormat format, boolean textBeforeCalls) {
        this.format = format;
        this.phase = textBeforeCalls ? Phase.TEXT : Phase.START;
    }

    /** Whether a call has been opened (a marker seen where a call may start). */
    public boolean opened() {
        return opened;
    }

    /** Whether every call opened so far is complete (valid JSON aside, which the constraint guarantees). */
    public boolean allCallsComplete() {
        return allComplete && phase != Phase.BODY && phase != Phase.CLOSE;
    }

    /** The events of the next piece of text. */
    public List<Event> accept(String text) {
        out = new ArrayList<>();
        String input = text;
        int at = 0;
        while (at < input.length()) {
            switch (phase) {
                case TEXT, BETWEEN -> {
                    pending.append(input, at, input.length());
                    int open = pending.indexOf(format.open());
                    if (open < 0) {
                        int ready = pending.length() - heldMarkerPrefix();
                        text(pending.substring(0, ready));
                        pending.delete(0, ready);
                        at = input.length();
                    } else {
                        text(pending.substring(0, open));
                        input = pending.substring(open + format.open().length());
                        at = 0;
                        pending.setLength(0);
                        openCall();
                    }
                }
                case START -> {
                    char c = input.charAt(at++);
                    pending.append(c);
                    if (c != format.open().charAt(pending.length() - 1)) {
                        phase = Phase.CONTENT;
                        out.add(new Content(pending.toString()));
                        pending.setLength(0);
                    } else if (pending.length() == format.open().length()) {
                        pending.setLength(0);
                        openCall();
                    }
                }
                case CONTENT -> {
                    out.add(new Content(input.substring(at)));
                    at = input.length();
                }
                case BODY -> body(input.charAt(at++));
                case CLOSE -> close(input.charAt(at++));
            }
        }
        flushArguments();
        return out;
    }

    /** The events of the end of the text: held text that is content after all, or the end of a cut call. */
    public List<Event> finish() {
        out = new ArrayList<>();
        switch (phase) {
            case TEXT, START -> {
                if (!pending.isEmpty()) {
                    out.add(new Content(pending.toString()));
                }
            }
            case BODY, CLOSE -> {
                flushArguments();
                endCall(false);
                phase = Phase.BETWEEN;
            }
            case CONTENT, BETWEEN -> {
            }
        }
        pending.setLength(0);
        return out;
    }

    private void text(String text) {
        if (phase == Phase.TEXT && !text.isEmpty()) {
            out.add(new Content(text));
        }
    }

    /** The length of the longest end of the pending text that begins the open marker. */
    private int heldMarkerPrefix() {
        String open = format.open();
        for (int n = Math.min(open.length() - 1, pending.length()); n > 0; n--) {
            if (pending.indexOf(open.substring(0, n), pending.length() - n) == pending.length() - n) {
                return n;
            }
        }
        return 0;
    }

    private void openCall() {
        opened = true;
        phase = Phase.BODY;
        expect = Expect.OBJECT;
        slot = Slot.NONE;
        depth = 0;
        inString = false;
        escaped = false;
        scalar = false;
        keyText.setLength(0);
        nameText.setLength(0);
        fragment.setLength(0);
        heldFragments.clear();
        key = null;
        name = null;
        hasArguments = false;
        closeMatched = 0;
    }

    private void body(char c) {
        if (inString) {
            string(c);
            return;
        }
        if (depth > 1) {
            nested(c);
            return;
        }
        if (scalar) {
            if (!JsonGrammar.isWhitespace(c) && c != ',' && c != '}') {
                valueChar(c);
                return;
            }
            endValue();
        }
        if (JsonGrammar.isWhitespace(c)) {
            return;
        }
        switch (expect) {
            case OBJECT -> {
                if (c != '{') {
                    malformed();
                    return;
                }
                depth = 1;
                expect = Expect.FIRST_KEY;
            }
            case FIRST_KEY, KEY -> {
                if (c == '"') {
                    slot = Slot.KEY;
                    keyText.setLength(0);
                    keyText.append(c);
                    inString = true;
                } else if (c == '}' && expect == Expect.FIRST_KEY) {
                    endObject();
                } else {
                    malformed();
                }
            }
            case COLON -> {
                if (c != ':') {
                    malformed();
                    return;
                }
                expect = Expect.VALUE;
            }
            case VALUE -> startValue(c);
            case AFTER_VALUE -> {
                if (c == ',') {
                    expect = Expect.KEY;
                } else if (c == '}') {
                    endObject();
                } else {
                    malformed();
                }
            }
        }
    }

    private void startValue(char c) {
        slot = switch (key) {
            case "name" -> Slot.NAME;
            case "arguments" -> Slot.ARGUMENTS;
            default -> Slot.OTHER;
        };
        expect = Expect.AFTER_VALUE;
        if (slot == Slot.NAME && (c != '"' || name != null)) {
            malformed();
            return;
        }
        valueChar(c);
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            depth = 2;
        } else if (c == '}' || c == ']' || c == ',' || c == ':') {
            malformed();
        } else {
            scalar = true;
        }
    }

    private void string(char c) {
        if (slot == Slot.KEY) {
            keyText.append(c);
        } else {
            valueChar(c);
        }
        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '"') {
            inString = false;
            if (depth == 1) {
                if (slot == Slot.KEY) {
                    key = decodeString(keyText.toString());
                    if (key == null) {
                        malformed();
                        return;
                    }
                    slot = Slot.NONE;
                    expect = Expect.COLON;
                } else {
                    endValue();
                }
            }
        }
    }

    /** Inside an object or array value: whitespace outside strings is left out of the arguments. */
    private void nested(char c) {
        if (JsonGrammar.isWhitespace(c)) {
            return;
        }
        valueChar(c);
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
            if (depth == 1) {
                endValue();
            }
        }
    }

    private void valueChar(char c) {
        if (slot == Slot.ARGUMENTS) {
            fragment.append(c);
        } else if (slot == Slot.NAME) {
            nameText.append(c);
        }
    }

    private void endValue() {
        scalar = false;
        if (slot == Slot.NAME) {
            name = decodeString(nameText.toString());
            if (name == null) {
                malformed();
                return;
            }
            if (!fragment.isEmpty()) {
                heldFragments.add(fragment.toString());
                fragment.setLength(0);
            }
            out.add(new CallStart(callsStarted++, name));
            for (String held : heldFragments) {
                out.add(new Arguments(callsStarted - 1, held));
            }
            heldFragments.clear();
        } else if (slot == Slot.ARGUMENTS) {
            hasArguments = true;
        }
        slot = Slot.NONE;
    }

    private void endObject() {
        depth = 0;
        flushArguments();
        phase = Phase.CLOSE;
    }

    private void close(char c) {
        if (closeMatched == 0 && JsonGrammar.isWhitespace(c)) {
            return;
        }
        if (c != format.close().charAt(closeMatched)) {
            malformed();
            return;
        }
        if (++closeMatched == format.close().length()) {
            endCall(true);
            phase = Phase.BETWEEN;
        }
    }

    /** A call that breaks the call syntax ends there; the scanner looks for the next open marker. */
    private void malformed() {
        fragment.setLength(0);
        endCall(false);
        phase = Phase.BETWEEN;
    }

    private void endCall(boolean closed) {
        boolean complete = closed && name != null && hasArguments;
        allComplete &= complete;
        if (name != null) {
            out.add(new CallEnd(callsStarted - 1, complete));
        }
        name = null;
    }

    /** The arguments scanned in this piece, as one fragment (held until the name is known). */
    private void flushArguments() {
        if (fragment.isEmpty()) {
            return;
        }
        if (name != null) {
            out.add(new Arguments(callsStarted - 1, fragment.toString()));
        } else {
            heldFragments.add(fragment.toString());
        }
        fragment.setLength(0);
    }

    /** A JSON string literal's value, or null when it is not one. */
    private static String decodeString(String literal) {
        try {
            JsonNode value = MAPPER.readTree(literal);
            return value.isString() ? value.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
