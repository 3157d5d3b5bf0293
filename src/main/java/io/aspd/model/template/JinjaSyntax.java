package io.aspd.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares a Jinja2 template for Jinjava, so that it parses and renders as Jinja2 reads it:
 * <ul>
 * <li>Jinja2's {@code trim_blocks}/{@code lstrip_blocks} (Hugging Face's settings) are applied here, because Jinjava's
 * {@code lstrip_blocks} also eats spaces before a tag that follows text on the same line;</li>
 * <li>a stepped slice {@code x[a:b:c]} (e.g. {@code messages[::-1]}), which Jinjava cannot parse, becomes the call
 * {@code x.__slice__(a, b, c)} that {@link PythonMethodResolver} evaluates with Python's slice rules;</li>
 * <li>a keyword argument's value is parenthesised ({@code f(n=a - 1)}), since Jinjava reads {@code (n=a) - 1};</li>
 * <li>a prefix {@code not}'s operand is parenthesised up to the next {@code and}/{@code or}/{@code if}/{@code else},
 * since Jinjava binds {@code not} tighter than comparisons and filters;</li>
 * <li>a one-element tuple {@code ('a',)} becomes a list and a trailing comma in a call goes.</li>
 * </ul>
 * Text outside tags, comments, string literals and {@code raw} blocks is left alone.
 */
final class JinjaSyntax {

    private static final Pattern RAW_START = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");
    private static final Pattern MACRO_OR_CALL = Pattern.compile("[-+]?\\s*(macro|call)\\b");
    private static final Pattern NAMED_ARGUMENT = Pattern.compile("(\\s*[A-Za-z_]\\w*\\s*=)(?!=)(.*)", Pattern.DOTALL);
    /** Where the operand of a prefix {@code not} ends: Jinja2's {@code and}, {@code or} and conditional keywords. */
    private static final Pattern OPERAND_END = Pattern.compile("\\b(and|or|if|else)\\b");
    private static final Set<String> BEFORE_PREFIX_NOT = Set.of("and", "or", "not", "if", "elif",
            "else", "in", "set", "return");
    private static final Pattern RAW_END = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");

    private JinjaSyntax() {
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
            boolean expression = template.startsWith("{{", open);
            boolean keepIndent = !expression && template.startsWith("+", open + 2);
            if (!expression && !keepIndent) {
                out.setLength(out.length() - indentation(template, i, open));
            }
            int stop;
            Matcher raw = RAW_START.matcher(template).region(open, template.length());
            if (raw.lookingAt()) {
                Matcher end = RAW_END.matcher(template);
                stop = end.find(raw.end()) ? end.end() : template.length();
                out.append(template, open, stop);
            } else if (template.startsWith("{#", open)) {
                int close = template.indexOf("#}", open + 2);
                stop = close < 0 ? template.length() : close + 2;
                out.append(template, open, stop);
            } else {
                String closer = expression ? "}}" : "%}";
                int close = tagEnd(template, open + 2, closer);
                String code = template.substring(keepIndent ? open + 3 : open + 2, close);
                boolean keepNewline = !expression && code.endsWith("+");
                code = keepNewline ? code.substring(0, code.length() - 1) : code;
                boolean definesParameters = MACRO_OR_CALL.matcher(code).lookingAt(); // defaults are not arguments
                out.append(template, open, open + 2).append(definesParameters ? code : rewriteExpression(code));
                stop = Math.min(close + 2, template.length());
                out.append(template, close, stop);
                if (keepNewline) {
                    i = stop;
                    continue;
                }
            }
            i = expression ? stop : trimBlock(template, stop);
        }
        return out.toString();
    }

    /**
     * Jinja2's {@code lstrip_blocks}: how many spaces and tabs before the block or comment tag at {@code tag} stand
     * between it and the start of its line in the source (0 when text precedes it on the line); they are dropped.
     * Jinjava's own option strips them even after text on the same line, so the environment leaves it off.
     */
    private static int indentation(String template, int segmentStart, int tag) {
        int start = tag;
        while (start > segmentStart && (template.charAt(start - 1) == ' ' || template.charAt(start - 1) == '\t')) {
            start--;
        }
        boolean lineStart = start == 0 || template.charAt(start - 1) == '\n' || template.charAt(start - 1) == '\r';
        return lineStart ? tag - start : 0;
    }

    /** Jinja2's {@code trim_blocks}: the first newline after a block or comment tag goes. */
    private static int trimBlock(String template, int afterTag) {
        if (template.startsWith("\r\n", afterTag)) {
            return afterTag + 2;
        }
        return afterTag < template.length() && (template.charAt(afterTag) == '\n' || template.charAt(afterTag) == '\r')
                ? afterTag + 1 : afterTag;
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
    static int stringEnd(String text, int start) {
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
            } else if (c == '(') {
                int close = matchingBracket(expression, i);
                if (close == expression.length()) { // unbalanced: leave it for the parser to report
                    out.append(expression, i, close);
                    break;
                }
                List<String> parts = new ArrayList<>(topLevelParts(expression.substring(i + 1, close), ','));
                boolean call = isCall(out);
                boolean oneTuple = !call && parts.size() == 2 && parts.get(1).isBlank() && !parts.get(0).isBlank();
                if (parts.size() > 1 && parts.get(parts.size() - 1).isBlank()) {
                    parts.remove(parts.size() - 1); // a trailing comma, which Jinjava does not parse
                }
                out.append(oneTuple ? '[' : '('); // Jinjava has no one-element tuple: ('a',) becomes the list ['a']
                for (int p = 0; p < parts.size(); p++) {
                    Matcher named = NAMED_ARGUMENT.matcher(parts.get(p));
                    out.append(p > 0 ? "," : "");
                    if (named.matches()) { // name=value: Jinjava would read name=a - b as (name=a) - b
                        out.append(named.group(1)).append('(').append(rewriteExpression(named.group(2))).append(')');
                    } else {
                        out.append(rewriteExpression(parts.get(p)));
                    }
                }
                out.append(oneTuple ? ']' : ')');
                i = close + 1;
            } else if (isPrefixNot(expression, i, out)) {
                int end = operandEnd(expression, i + 3);
                out.append("not (").append(rewriteExpression(expression.substring(i + 3, end))).append(")");
                i = end;
            } else if (c == '[') {
                int close = matchingBracket(expression, i);
                if (close == expression.length()) { // unbalanced: leave it for the parser to report
                    out.append(expression, i, close);
                    break;
                }
                List<String> parts = topLevelParts(expression.substring(i + 1, close), ':');
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

    /** Whether a parenthesis that follows {@code before} opens a call's arguments rather than a group or tuple. */
    private static boolean isCall(StringBuilder before) {
        String previous = before.toString().stripTrailing();
        if (previous.isEmpty()) {
            return false;
        }
        char last = previous.charAt(previous.length() - 1);
        if (last == ')' || last == ']') {
            return true;
        }
        Matcher word = Pattern.compile("([A-Za-z_]\\w*)$").matcher(previous);
        return word.find() && !BEFORE_PREFIX_NOT.contains(word.group(1)) && !word.group(1).equals("is");
    }

    /**
     * Whether the {@code not} at {@code i} is the prefix operator (not the one of {@code not in} / {@code is not}).
     * Jinjava binds it tighter than Jinja2 does: {@code not x | length == 1} would mean {@code (not x | length) == 1};
     * wrapping its operand, up to the next {@code and}/{@code or}/{@code if}/{@code else}, restores Jinja2's reading.
     */
    private static boolean isPrefixNot(String expression, int i, StringBuilder before) {
        if (!expression.startsWith("not", i) || (i + 3 < expression.length()
                && (Character.isJavaIdentifierPart(expression.charAt(i + 3))))) {
            return false;
        }
        if (i > 0 && (Character.isJavaIdentifierPart(expression.charAt(i - 1)) || expression.charAt(i - 1) == '.')) {
            return false;
        }
        String previous = before.toString().stripTrailing();
        if (previous.isEmpty() || "([{,=+-*/%~<>!:".indexOf(previous.charAt(previous.length() - 1)) >= 0) {
            return true;
        }
        Matcher word = Pattern.compile("([A-Za-z_]\\w*)$").matcher(previous);
        return word.find() && BEFORE_PREFIX_NOT.contains(word.group(1))
                && !previous.substring(0, word.start()).endsWith(".");
    }

    /** The end of a prefix {@code not}'s operand: the next top-level and/or/if/else, closing bracket or comma. */
    private static int operandEnd(String expression, int from) {
        int depth = 0;
        int i = from;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(expression, i);
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (depth == 0 && c == ',') {
                return i;
            } else if (depth == 0 && (i == 0 || !Character.isJavaIdentifierPart(expression.charAt(i - 1)))) {
                Matcher keyword = OPERAND_END.matcher(expression).region(i, expression.length());
                if (keyword.lookingAt()) {
                    return i;
                }
            }
            i++;
        }
        return expression.length();
    }

    /** The text split at its top-level {@code separator}s (nested brackets and strings do not count). */
    private static List<String> topLevelParts(String inner, char separator) {
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
            } else if (c == separator && depth == 0) {
                parts.add(inner.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(inner.substring(start));
        return parts;
    }
}
