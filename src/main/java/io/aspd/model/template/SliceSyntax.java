package io.aspd.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinjava parses {@code x[a:b]} but not the stepped slice {@code x[a:b:c]}, which chat templates use to walk the
 * conversation backwards ({@code messages[::-1]}). Before parsing, every three-part slice inside a
 * {@code {{ }}}/{@code {% %}} tag is rewritten into the method call {@code x.__slice__(a, b, c)} (omitted bounds become
 * {@code none}), which {@link PythonMethodResolver} evaluates with Python's slice rules. Text outside tags, comments,
 * string literals and {@code raw} blocks is left alone.
 */
final class SliceSyntax {

    private static final Pattern RAW_START = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");
    private static final Pattern RAW_END = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");

    private SliceSyntax() {
    }

    static String rewrite(String template) {
        StringBuilder out = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            int open = nextTagStart(template, i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            Matcher raw = RAW_START.matcher(template).region(open, template.length());
            if (raw.lookingAt()) {
                Matcher end = RAW_END.matcher(template);
                int stop = end.find(raw.end()) ? end.end() : template.length();
                out.append(template, open, stop);
                i = stop;
                continue;
            }
            if (template.startsWith("{#", open)) {
                int close = template.indexOf("#}", open + 2);
                int stop = close < 0 ? template.length() : close + 2;
                out.append(template, open, stop);
                i = stop;
                continue;
            }
            String closer = template.startsWith("{{", open) ? "}}" : "%}";
            int close = tagEnd(template, open + 2, closer);
            out.append(template, open, open + 2).append(rewriteExpression(template.substring(open + 2, close)));
            i = close;
        }
        return out.toString();
    }

    private static int nextTagStart(String template, int from) {
        int best = -1;
        for (String opener : new String[] {"{{", "{%", "{#"}) {
            int at = template.indexOf(opener, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Where the tag's closer starts, skipping string literals; the end of the text if it is unterminated. */
    private static int tagEnd(String template, int from, String closer) {
        int i = from;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(template, i);
            } else if (template.startsWith(closer, i)) {
                return i;
            } else {
                i++;
            }
        }
        return template.length();
    }

    /** The index just past the string literal that starts at {@code start}. */
    private static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, text.length());
    }

    private static String rewriteExpression(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(expression, i);
                out.append(expression, i, end);
                i = end;
            } else if (c == '[') {
                int close = matchingBracket(expression, i);
                if (close == expression.length()) { // unbalanced: leave it for the parser to report
                    out.append(expression, i, close);
                    break;
                }
                List<String> parts = topLevelParts(expression.substring(i + 1, close));
                if (parts.size() == 3) {
                    out.append('.').append(PythonMethodResolver.SLICE_METHOD).append('(');
                    for (int p = 0; p < 3; p++) {
                        String part = parts.get(p).trim();
                        out.append(p > 0 ? ", " : "").append(part.isEmpty() ? "none" : rewriteExpression(part));
                    }
                    out.append(')');
                } else {
                    out.append('[').append(rewriteExpression(expression.substring(i + 1, close))).append(']');
                }
                i = Math.min(close + 1, expression.length());
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the bracket closing the one at {@code open}, skipping nested brackets and strings. */
    private static int matchingBracket(String expression, int open) {
        int depth = 0;
        int i = open;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(expression, i);
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            i++;
        }
        return expression.length();
    }

    /** The subscript split at its top-level colons (a dict literal's colons are nested, so they do not count). */
    private static List<String> topLevelParts(String inner) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(inner, i);
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
            } else if (c == ':' && depth == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(inner.substring(start));
        return parts;
    }
}
