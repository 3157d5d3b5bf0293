package io.aspd.model.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code str} methods with Python's semantics, for chat templates written against Jinja2 (where a string is a
 * Python {@code str}). Indices count UTF-16 units, which equals Python's code points for text without astral
 * characters (emoji etc.); templates use these methods on markup, not on such text.
 */
final class PythonStrings {

    private PythonStrings() {
    }

    /** {@code str.isspace()} for one character: Unicode whitespace plus the separators Python counts as space. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** {@code strip}/{@code lstrip}/{@code rstrip}; {@code chars} null means whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && strippable(s.charAt(start), chars)) {
            start++;
        }
        while (right && end > start && strippable(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    /** {@code startswith}/{@code endswith}: {@code affixes} is one string or a tuple (list) of strings. */
    static boolean hasAffix(String s, Object affixes, boolean prefix) {
        if (affixes instanceof Collection<?> options) {
            for (Object option : options) {
                if (hasAffix(s, option, prefix)) {
                    return true;
                }
            }
            return false;
        }
        if (!(affixes instanceof CharSequence)) {
            throw new PythonError((prefix ? "startswith" : "endswith")
                    + " first arg must be str or a tuple of str, not " + PythonValues.typeName(affixes));
        }
        String affix = affixes.toString();
        return prefix ? s.startsWith(affix) : s.endsWith(affix);
    }

    /** {@code str.split(sep, maxsplit)}: a null separator splits on runs of whitespace and drops empty parts. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> parts = new ArrayList<>();
        int limit = maxSplit < 0 ? Integer.MAX_VALUE : maxSplit;
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i == n) {
                    return parts;
                }
                if (parts.size() == limit) {
                    parts.add(s.substring(i)); // the rest keeps its trailing whitespace, as in Python
                    return parts;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                parts.add(s.substring(i, j));
                i = j;
            }
        }
        if (sep.isEmpty()) {
            throw new PythonError("empty separator");
        }
        int from = 0;
        int at;
        while (parts.size() < limit && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** {@code str.rsplit(sep, maxsplit)}: like split, but the splits that {@code maxsplit} allows are the last ones. */
    static List<String> rsplit(String s, String sep, int maxSplit) {
        if (maxSplit < 0) {
            return split(s, sep, maxSplit);
        }
        String reversed = new StringBuilder(s).reverse().toString();
        String reversedSep = sep == null ? null : new StringBuilder(sep).reverse().toString();
        List<String> parts = new ArrayList<>();
        for (String part : split(reversed, reversedSep, maxSplit)) {
            parts.add(0, new StringBuilder(part).reverse().toString());
        }
        return parts;
    }

    /** {@code str.splitlines()}: splits on Python's line boundaries, a {@code \r\n} counting as one. */
    static List<String> splitLines(String s, boolean keepEnds) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int breakLength = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2
                    : "\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0 ? 1 : 0;
            if (breakLength == 0) {
                i++;
                continue;
            }
            lines.add(s.substring(start, keepEnds ? i + breakLength : i));
            i += breakLength;
            start = i;
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    /** {@code str.title()}: a letter after a non-letter becomes upper case, every other letter lower case. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousIsLetter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(previousIsLetter ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousIsLetter = Character.isLetter(c);
        }
        return out.toString();
    }

    /** {@code str.capitalize()}: the first character in title case, the rest lower case. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        return Character.toTitleCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    /** {@code str.replace(old, new, count)}; a negative count replaces every occurrence, as in Python. */
    static String replace(String s, String target, String replacement, long count) {
        if (count < 0) {
            return target.isEmpty() ? replaceEmpty(s, replacement, Long.MAX_VALUE) : s.replace(target, replacement);
        }
        if (target.isEmpty()) {
            return replaceEmpty(s, replacement, count);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        for (long done = 0; done < count && (at = s.indexOf(target, from)) >= 0; done++) {
            out.append(s, from, at).append(replacement);
            from = at + target.length();
        }
        return out.append(s.substring(from)).toString();
    }

    /** Python inserts the replacement before every character and at the end when the target is empty. */
    private static String replaceEmpty(String s, String replacement, long count) {
        StringBuilder out = new StringBuilder();
        long done = 0;
        for (int i = 0; i < s.length(); i++) {
            if (done++ < count) {
                out.append(replacement);
            }
            out.append(s.charAt(i));
        }
        if (done < count) {
            out.append(replacement);
        }
        return out.toString();
    }

    /** {@code str.count(sub)}: non-overlapping occurrences; an empty {@code sub} matches between every character. */
    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1L;
        }
        long count = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            count++;
        }
        return count;
    }

    /**
     * {@code str.format(*args, **kwargs)} for the replacement fields templates use: {@code {}}, {@code {0}},
     * {@code {name}} and the escapes {@code {{}} / {@code }}}; values print as Jinja prints them. Format specs and
     * conversions ({@code {:>8}}, {@code {!r}}) are refused rather than silently misapplied.
     */
    static String format(String s, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder out = new StringBuilder();
        int automatic = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                out.append(c);
                i += 2;
                continue;
            }
            if (c == '}') {
                throw new PythonError("Single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = s.indexOf('}', i);
            if (close < 0) {
                throw new PythonError("Single '{' encountered in format string");
            }
            String field = s.substring(i + 1, close);
            Object value;
            if (field.isEmpty()) {
                value = positional(args, automatic++);
            } else if (field.chars().allMatch(Character::isDigit)) {
                value = positional(args, Integer.parseInt(field));
            } else if (field.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                if (!kwargs.containsKey(field)) {
                    throw new PythonError("KeyError: '" + field + "'");
                }
                value = kwargs.get(field);
            } else {
                throw new PythonError("unsupported format field {" + field + "}");
            }
            out.append(PythonValues.str(value));
            i = close + 1;
        }
        return out.toString();
    }

    private static Object positional(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new PythonError("Replacement index " + index + " out of range for positional args tuple");
        }
        return args.get(index);
    }
}
