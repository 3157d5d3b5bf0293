package io.aspd.model.template;

import com.hubspot.jinjava.objects.SafeString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, ensure_ascii, indent, separators, sort_keys)}, byte for byte: the filter
 * {@code tojson} of Hugging Face's chat template environment is exactly that call, and templates put its output into
 * the prompt (tool schemas, call arguments), so a different space or escape would change what the model reads.
 * Maps keep their insertion order unless {@code sortKeys} is set.
 */
final class PythonJson {

    /** Separators {@code (item, key)}; Python's defaults are {@code (", ", ": ")}, or {@code (",", ": ")} when indenting. */
    record Separators(String item, String key) {
    }

    private final boolean ensureAscii;
    private final String indent;
    private final Separators separators;
    private final boolean sortKeys;

    /**
     * @param indent null for one line, else the text repeated per nesting level (Python's int indent is that many spaces)
     * @param separators null for Python's defaults
     */
    PythonJson(boolean ensureAscii, String indent, Separators separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.separators = separators != null ? separators : new Separators(indent == null ? ", " : ",", ": ");
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private void write(Object value, int depth, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof CharSequence || value instanceof SafeString) {
            writeString(value.toString(), out);
        } else if (PythonValues.isInteger(value)) {
            out.append(value);
        } else if (value instanceof Number number) {
            writeFloat(number.doubleValue(), out);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, depth, out);
        } else if (value instanceof Collection<?> list) {
            writeArray(list, depth, out);
        } else if (value instanceof Object[] array) {
            writeArray(List.of(array), depth, out);
        } else {
            throw new PythonError("Object of type " + PythonValues.typeName(value)
                    + " is not JSON serializable");
        }
    }

    private void writeFloat(double x, StringBuilder out) {
        if (Double.isNaN(x)) {
            out.append("NaN");
        } else if (Double.isInfinite(x)) {
            out.append(x > 0 ? "Infinity" : "-Infinity");
        } else {
            out.append(PythonValues.reprFloat(x));
        }
    }

    private void writeArray(Collection<?> list, int depth, StringBuilder out) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        Iterator<?> items = list.iterator();
        while (items.hasNext()) {
            newline(depth + 1, out);
            write(items.next(), depth + 1, out);
            if (items.hasNext()) {
                out.append(separators.item());
            }
        }
        newline(depth, out);
        out.append(']');
    }

    private void writeObject(Map<?, ?> map, int depth, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
            entries.sort((a, b) -> key(a.getKey()).compareTo(key(b.getKey())));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            newline(depth + 1, out);
            writeString(key(entries.get(i).getKey()), out);
            out.append(separators.key());
            write(entries.get(i).getValue(), depth + 1, out);
            if (i + 1 < entries.size()) {
                out.append(separators.item());
            }
        }
        newline(depth, out);
        out.append('}');
    }

    /** Python converts keys that are not strings the way it writes those scalars: {@code 1}, {@code true}, {@code null}. */
    private static String key(Object key) {
        if (key instanceof CharSequence || key instanceof SafeString) {
            return key.toString();
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (PythonValues.isInteger(key)) {
            return key.toString();
        }
        if (key instanceof Number number) {
            return PythonValues.reprFloat(number.doubleValue());
        }
        throw new PythonError("keys must be str, int, float, bool or None, not "
                + PythonValues.typeName(key));
    }

    private void newline(int depth, StringBuilder out) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
