package io.aspd.data.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer cut into lines, with the few markdown facts the rule-based rewriter needs: fenced code (whose lines are never
 * structure), list markers, headings, bold lead-ins and thematic breaks. Offsets index the original string, so blocks cut
 * along them reproduce it exactly.
 */
final class MarkdownLines {
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
    private static final Pattern LIST_MARKER = Pattern.compile("^(\\s*)([-*+]|(\\d{1,9})([.)]))(\\s+)\\S");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.+?)[ \\t]*#*[ \\t]*$");
    private static final Pattern THEMATIC_BREAK = Pattern.compile("^ {0,3}([-*_])([ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern LEAD_IN = Pattern.compile("^ {0,3}(\\*\\*|__)([^*_\\n]{1,80}?)(?::\\1|\\1:)");

    private final List<Line> lines;

    private MarkdownLines(List<Line> lines) {
        this.lines = lines;
    }

    /** One line: offsets of its first character and of its end (before the line break), and its fence, if any. */
    record Line(int index, int start, int end, String text, int fenceOpenedAt) {
        boolean isBlank() {
            return text.isBlank();
        }

        boolean inFence() {
            return fenceOpenedAt >= 0;
        }

        int indent() {
            int i = 0;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }
    }

    /**
     * A list item's marker: its indentation, its kind ({@code -}, {@code *}, {@code +}, or the delimiter of a number)
     * and where the item's content starts within the line.
     */
    record ListMarker(int indent, String kind, boolean numbered, int contentOffset) {
        boolean sameListAs(ListMarker other) {
            return indent == other.indent && kind.equals(other.kind);
        }
    }

    static MarkdownLines of(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int fenceOpenedAt = -1;
        String fence = null;
        while (start <= text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            String content = text.substring(start, end);
            int index = lines.size();
            Matcher m = FENCE.matcher(content);
            boolean fenceLine = m.find();
            if (fence == null && fenceLine) {
                fence = m.group(1);
                fenceOpenedAt = index;
                lines.add(new Line(index, start, end, content, fenceOpenedAt));
            } else if (fence != null) {
                lines.add(new Line(index, start, end, content, fenceOpenedAt));
                if (fenceLine && closes(fence, content.strip())) {
                    fence = null;
                    fenceOpenedAt = -1;
                }
            } else {
                lines.add(new Line(index, start, end, content, -1));
            }
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        return new MarkdownLines(List.copyOf(lines));
    }

    private static boolean closes(String fence, String stripped) {
        char c = fence.charAt(0);
        int run = 0;
        while (run < stripped.length() && stripped.charAt(run) == c) {
            run++;
        }
        return run >= fence.length() && run == stripped.length();
    }

    Line get(int index) {
        return lines.get(index);
    }

    int size() {
        return lines.size();
    }

    Optional<ListMarker> listMarker(int index) {
        Line line = lines.get(index);
        if (line.inFence() || THEMATIC_BREAK.matcher(line.text()).matches()) {
            return Optional.empty();
        }
        Matcher m = LIST_MARKER.matcher(line.text());
        if (!m.find()) {
            return Optional.empty();
        }
        boolean numbered = m.group(3) != null;
        String kind = numbered ? m.group(4) : m.group(2);
        return Optional.of(new ListMarker(m.group(1).length(), kind, numbered, m.end(5)));
    }

    /** The level (1-6) of a markdown heading on this line, or 0. */
    int headingLevel(int index) {
        Line line = lines.get(index);
        if (line.inFence()) {
            return 0;
        }
        Matcher m = HEADING.matcher(line.text());
        return m.matches() ? m.group(1).length() : 0;
    }

    String headingText(int index) {
        Matcher m = HEADING.matcher(lines.get(index).text());
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + index + " is not a heading");
        }
        return m.group(2);
    }

    /** The label of a {@code **Label:**} (or {@code **Label**:}) lead-in that starts this line. */
    Optional<String> leadIn(int index) {
        Line line = lines.get(index);
        if (line.inFence()) {
            return Optional.empty();
        }
        Matcher m = LEAD_IN.matcher(line.text());
        return m.find() ? Optional.of(m.group(2).strip()) : Optional.empty();
    }

    boolean isThematicBreak(int index) {
        Line line = lines.get(index);
        return !line.inFence() && THEMATIC_BREAK.matcher(line.text()).matches();
    }

    /** The last non-blank line in {@code [from, to)}, or {@code from} when all are blank. */
    int lastContentLine(int from, int to) {
        for (int i = to - 1; i > from; i--) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return from;
    }
}
