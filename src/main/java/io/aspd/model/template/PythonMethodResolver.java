package io.aspd.model.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Answers method calls on strings, dicts and lists the way Python does, so that {@code message.content.strip()},
 * {@code tool.items()} or {@code name.startswith(('a', 'b'))} work in Jinjava as in Hugging Face's sandbox. It sits
 * before Jinjava's own resolvers and answers only the Python methods it knows; everything else falls through.
 *
 * <p>Hugging Face renders in an <em>immutable</em> sandbox: methods that change a list or dict ({@code append},
 * {@code pop}, {@code update}, ...) are refused there, and so they are here (Jinjava would otherwise run them).
 */
final class PythonMethodResolver extends ELResolver {

    /** The call that a three-part slice {@code x[a:b:c]} is rewritten into (see {@link JinjaSyntax}). */
    static final String SLICE_METHOD = "__slice__";

    private static final Set<String> MUTATORS = Set.of("append", "extend", "insert", "pop", "remove", "clear",
            "reverse", "sort", "update", "setdefault", "popitem", "add", "discard", "put", "putAll", "set");

    /** Marks a name this resolver does not answer, so that Jinjava's resolvers get the call. */
    private static final Object NOT_HANDLED = new Object();

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        String name = method.toString();
        List<Object> args = params == null ? List.of() : Arrays.asList(params);
        boolean pythonValue = base instanceof String || base instanceof SafeString || base instanceof Map
                || base instanceof List;
        if (pythonValue && args.stream().anyMatch(NamedParameter.class::isInstance)) {
            throw new PythonError("keyword arguments to ." + name + "() are not supported; pass them by position");
        }
        Object result;
        if (name.equals(SLICE_METHOD)) {
            result = Slices.slice(base, arg(args, 0), arg(args, 1), arg(args, 2));
        } else if (base instanceof String || base instanceof SafeString) {
            result = stringMethod(base.toString(), name, args);
        } else if (base instanceof Map<?, ?> map) {
            result = dictMethod(map, name, args);
        } else if (base instanceof List<?> list) {
            result = listMethod(list, name, args);
        } else {
            return null;
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static Object stringMethod(String s, String name, List<Object> args) {
        return switch (name) {
            case "strip" -> PythonStrings.strip(s, optionalString(args, 0), true, true);
            case "lstrip" -> PythonStrings.strip(s, optionalString(args, 0), true, false);
            case "rstrip" -> PythonStrings.strip(s, optionalString(args, 0), false, true);
            case "startswith" -> PythonStrings.hasAffix(window(s, args, 1), arg(args, 0), true);
            case "endswith" -> PythonStrings.hasAffix(window(s, args, 1), arg(args, 0), false);
            case "split" -> PythonStrings.split(s, optionalString(args, 0), optionalInt(args, 1, -1));
            case "rsplit" -> PythonStrings.rsplit(s, optionalString(args, 0), optionalInt(args, 1, -1));
            case "splitlines" -> PythonStrings.splitLines(s, args.size() > 0 && ObjectTruthValue.evaluate(args.get(0)));
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> PythonStrings.title(s);
            case "capitalize" -> PythonStrings.capitalize(s);
            case "replace" -> PythonStrings.replace(s, string(args, 0), string(args, 1), optionalInt(args, 2, -1));
            case "join" -> join(s, arg(args, 0));
            case "find" -> find(s, args, false);
            case "rfind" -> find(s, args, true);
            case "index", "rindex" -> {
                long at = find(s, args, name.equals("rindex"));
                if (at < 0) {
                    throw new PythonError("ValueError: substring not found");
                }
                yield at;
            }
            case "count" -> PythonStrings.count(window(s, args, 1), string(args, 0));
            case "format" -> PythonStrings.format(s, args, Map.of());
            case "removeprefix" -> s.startsWith(string(args, 0)) ? s.substring(string(args, 0).length()) : s;
            case "removesuffix" -> s.endsWith(string(args, 0)) && !string(args, 0).isEmpty()
                    ? s.substring(0, s.length() - string(args, 0).length()) : s;
            case "partition" -> partition(s, string(args, 0), false);
            case "rpartition" -> partition(s, string(args, 0), true);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(c -> PythonStrings.isSpace((char) c));
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "islower" -> s.chars().anyMatch(Character::isLowerCase) && s.equals(s.toLowerCase(Locale.ROOT));
            case "isupper" -> s.chars().anyMatch(Character::isUpperCase) && s.equals(s.toUpperCase(Locale.ROOT));
            default -> NOT_HANDLED;
        };
    }

    private static Object dictMethod(Map<?, ?> map, String name, List<Object> args) {
        refuseMutation(name, "dict");
        return switch (name) {
            case "items" -> {
                List<Object> pairs = new ArrayList<>(map.size());
                map.forEach((key, value) -> pairs.add(new PythonTuple(key, value))); // unpacks in for k, v in ...
                yield pairs;
            }
            case "keys" -> new ArrayList<>(map.keySet());
            case "values" -> new ArrayList<>(map.values());
            case "get" -> map.containsKey(arg(args, 0)) ? map.get(arg(args, 0)) : optional(args, 1);
            case "copy" -> new LinkedHashMap<>(map);
            default -> NOT_HANDLED;
        };
    }

    private static Object listMethod(List<?> list, String name, List<Object> args) {
        refuseMutation(name, "list");
        return switch (name) {
            case "index" -> {
                for (int i = 0; i < list.size(); i++) {
                    if (PythonValues.pyEquals(list.get(i), arg(args, 0))) {
                        yield (long) i;
                    }
                }
                throw new PythonError("ValueError: " + PythonValues.repr(arg(args, 0)) + " is not in list");
            }
            case "count" -> list.stream().filter(item -> PythonValues.pyEquals(item, arg(args, 0))).count();
            case "copy" -> new ArrayList<>(list);
            default -> NOT_HANDLED;
        };
    }

    private static void refuseMutation(String name, String type) {
        if (MUTATORS.contains(name)) {
            throw new PythonError("access to attribute '" + name + "' of '" + type + "' object is unsafe.");
        }
    }

    private static String join(String separator, Object items) {
        if (!(items instanceof Collection<?> collection)) {
            throw new PythonError("can only join an iterable");
        }
        StringBuilder out = new StringBuilder();
        Iterator<?> iterator = collection.iterator();
        for (int i = 0; iterator.hasNext(); i++) {
            Object item = iterator.next();
            if (!(item instanceof String || item instanceof SafeString)) {
                throw new PythonError("sequence item " + i + ": expected str instance, "
                        + PythonValues.typeName(item) + " found");
            }
            out.append(i > 0 ? separator : "").append(item);
        }
        return out.toString();
    }

    private static long find(String s, List<Object> args, boolean last) {
        String sub = string(args, 0);
        int[] bounds = Slices.bounds(s.length(), optional(args, 1), optional(args, 2));
        String window = s.substring(bounds[0], Math.max(bounds[0], bounds[1]));
        int at = last ? window.lastIndexOf(sub) : window.indexOf(sub);
        return at < 0 ? -1 : at + bounds[0];
    }

    /** {@code s[start:end]} for the optional start/end arguments that follow argument {@code from - 1}. */
    private static String window(String s, List<Object> args, int from) {
        int[] bounds = Slices.bounds(s.length(), optional(args, from), optional(args, from + 1));
        return s.substring(bounds[0], Math.max(bounds[0], bounds[1]));
    }

    /** {@code str.partition}/{@code rpartition}: (head, separator, tail), the missing side empty when not found. */
    private static PythonTuple partition(String s, String separator, boolean last) {
        int at = last ? s.lastIndexOf(separator) : s.indexOf(separator);
        if (at < 0) {
            return last ? new PythonTuple("", "", s) : new PythonTuple(s, "", "");
        }
        return new PythonTuple(s.substring(0, at), separator, s.substring(at + separator.length()));
    }

    private static Object arg(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new PythonError("missing argument " + (index + 1));
        }
        return args.get(index);
    }

    private static Object optional(List<Object> args, int index) {
        return index < args.size() ? args.get(index) : null;
    }

    private static String string(List<Object> args, int index) {
        Object value = arg(args, index);
        if (!(value instanceof String || value instanceof SafeString)) {
            throw new PythonError("must be str, not " + PythonValues.typeName(value));
        }
        return value.toString();
    }

    private static String optionalString(List<Object> args, int index) {
        Object value = optional(args, index);
        return value == null ? null : string(args, index);
    }

    private static int optionalInt(List<Object> args, int index, int absent) {
        Object value = optional(args, index);
        if (value == null) {
            return absent;
        }
        if (!PythonValues.isInteger(value)) {
            throw new PythonError("'" + PythonValues.typeName(value) + "' object cannot be interpreted as an integer");
        }
        return ((Number) value).intValue();
    }

    // Property reads stay with Jinjava's resolvers: this one only answers method calls.

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
