package io.aspd.model.template;

import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * How Python writes the values a chat template handles: {@code str()}/{@code repr()} of strings, numbers, booleans,
 * {@code None}, lists and dicts, and the shortest round-trip digits of a float ({@code repr(float)}), which
 * {@code json.dumps} uses as well.
 */
final class PythonValues {

    private PythonValues() {
    }

    /** Python's type name of a template value, for error messages that match Python's. */
    static String typeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof CharSequence || value instanceof SafeString) {
            return "str";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (isInteger(value)) {
            return "int";
        }
        if (value instanceof Number) {
            return "float";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof PythonTuple) {
            return "tuple";
        }
        if (value instanceof Collection) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }

    static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger;
    }

    /** Python's {@code ==} for template values: numbers compare by value across int and float. */
    static boolean pyEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof SafeString || b instanceof SafeString) {
            return Objects.equals(String.valueOf(a), String.valueOf(b));
        }
        return Objects.equals(a, b);
    }

    /** {@code str(value)}. */
    static String str(Object value) {
        if (value instanceof CharSequence || value instanceof SafeString) {
            return value.toString();
        }
        return repr(value);
    }

    /** {@code repr(value)}. */
    static String repr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof CharSequence || value instanceof SafeString) {
            return reprString(value.toString());
        }
        if (isInteger(value)) {
            return value.toString();
        }
        if (value instanceof Number number) {
            return reprFloat(number.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                out.append(repr(entry.getKey())).append(": ").append(repr(entry.getValue()));
                out.append(entries.hasNext() ? ", " : "");
            }
            return out.append('}').toString();
        }
        if (value instanceof Collection<?> list) {
            boolean tuple = value instanceof PythonTuple;
            StringBuilder out = new StringBuilder(tuple ? "(" : "[");
            Iterator<?> items = list.iterator();
            while (items.hasNext()) {
                out.append(repr(items.next())).append(items.hasNext() ? ", " : "");
            }
            return out.append(tuple && list.size() == 1 ? "," : "").append(tuple ? ')' : ']').toString();
        }
        return value.toString();
    }

    /** Single quotes unless the text has a single quote and no double quote, as Python chooses. */
    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    /**
     * {@code repr(float)}: the shortest digits that read back as the same double, written in positional notation when
     * the decimal exponent is in [-4, 16) and in scientific notation ({@code 1e+16}, {@code 1.5e-05}) otherwise.
     */
    static String reprFloat(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDecimal(x);
        String digits = shortest.unscaledValue().abs().toString();
        int pointPosition = digits.length() - shortest.scale(); // value = 0.digits * 10^pointPosition
        String sign = x < 0 ? "-" : "";
        if (pointPosition > -4 && pointPosition <= 16) {
            if (pointPosition <= 0) {
                return sign + "0." + "0".repeat(-pointPosition) + digits;
            }
            if (pointPosition >= digits.length()) {
                return sign + digits + "0".repeat(pointPosition - digits.length()) + ".0";
            }
            return sign + digits.substring(0, pointPosition) + "." + digits.substring(pointPosition);
        }
        int exponent = pointPosition - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static BigDecimal shortestDecimal(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == x) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
