package io.aspd.model.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The global functions Hugging Face gives chat templates. Public only because Jinjava binds them reflectively.
 */
public final class TemplateFunctions {

    private TemplateFunctions() {
    }

    /** {@code raise_exception(message)}: the template refuses the conversation. */
    public static String raiseException(String message) {
        throw new TemplateRaisedException(message);
    }

    /**
     * Jinja2's global {@code dict(**kwargs)} (also {@code dict(mapping, **kwargs)}): a new insertion-ordered dict,
     * e.g. {@code dict(id=call.id, name=call.function.name)} in Mistral's templates.
     */
    public static Map<String, Object> dict(Object... arguments) {
        Map<String, Object> dict = new LinkedHashMap<>();
        for (Object argument : arguments) {
            if (argument instanceof NamedParameter named) {
                dict.put(named.getName(), named.getValue());
            } else if (argument instanceof Map<?, ?> map) {
                map.forEach((key, value) -> dict.put(String.valueOf(key), value));
            } else {
                throw new PythonError("dict() takes a mapping and keyword arguments, not "
                        + PythonValues.typeName(argument));
            }
        }
        return dict;
    }

    /**
     * {@code strftime_now(format)}: Python's {@code datetime.now().strftime(format)}, a naive local time read from the
     * environment's clock (fixed in tests) in its time zone.
     */
    public static String strftimeNow(String format) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Instant now = Instant.ofEpochMilli(interpreter.getConfig().getDateTimeProvider().getCurrentTimeMillis());
        return strftime(LocalDateTime.ofInstant(now, interpreter.getConfig().getTimeZone()), format);
    }

    /**
     * C's {@code strftime} in the C locale for a naive time (so {@code %z} and {@code %Z} are empty), with glibc's
     * {@code %-d} (no padding) and {@code %e} (space padding); an unknown directive is copied as it stands.
     */
    static String strftime(LocalDateTime time, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            boolean unpadded = format.charAt(i + 1) == '-' && i + 2 < format.length();
            char directive = format.charAt(unpadded ? i + 2 : i + 1);
            String field = field(time, directive);
            if (field == null) {
                out.append(c);
                continue;
            }
            if (unpadded && !field.isEmpty() && Character.isDigit(field.charAt(field.length() - 1))) {
                field = field.replaceFirst("^[0 ]+(?=.)", "");
            }
            out.append(field);
            i += unpadded ? 2 : 1;
        }
        return out.toString();
    }

    private static String field(LocalDateTime time, char directive) {
        return switch (directive) {
            case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
            case 'b', 'h' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
            case 'd' -> two(time.getDayOfMonth());
            case 'e' -> String.format("%2d", time.getDayOfMonth());
            case 'f' -> String.format("%06d", time.getNano() / 1000);
            case 'H' -> two(time.getHour());
            case 'I' -> two(time.getHour() % 12 == 0 ? 12 : time.getHour() % 12);
            case 'j' -> String.format("%03d", time.getDayOfYear());
            case 'm' -> two(time.getMonthValue());
            case 'M' -> two(time.getMinute());
            case 'p' -> time.getHour() < 12 ? "AM" : "PM";
            case 'S' -> two(time.getSecond());
            case 'w' -> Integer.toString(time.getDayOfWeek().getValue() % 7); // Sunday is 0
            case 'U' -> two((time.getDayOfYear() - 1 + 7 - time.getDayOfWeek().getValue() % 7) / 7); // Sunday weeks
            case 'W' -> two((time.getDayOfYear() - 1 + 7 - (time.getDayOfWeek().getValue() - 1)) / 7); // Monday weeks
            case 'y' -> two(time.getYear() % 100);
            case 'Y' -> Integer.toString(time.getYear());
            case 'z', 'Z' -> "";
            case '%' -> "%";
            default -> null;
        };
    }

    private static String two(int value) {
        return String.format("%02d", value);
    }
}
