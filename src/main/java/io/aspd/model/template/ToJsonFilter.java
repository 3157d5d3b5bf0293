package io.aspd.model.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code tojson} filter: {@code json.dumps(value, ensure_ascii=False, indent=None, separators=None,
 * sort_keys=False)}, arguments positional or by name in that order. It replaces Jinja's own {@code tojson}, which
 * escapes HTML characters and would put {@code \u003c} where the model was trained on {@code <}.
 */
final class ToJsonFilter implements Filter {

    private static final List<String> PARAMETERS = List.of("ensure_ascii", "indent", "separators", "sort_keys");

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object[] values = new Object[PARAMETERS.size()];
        for (int i = 0; i < args.length; i++) {
            if (i >= values.length) {
                throw new PythonError("tojson() takes at most " + (values.length + 1) + " positional arguments");
            }
            values[i] = args[i];
        }
        kwargs.forEach((name, value) -> {
            int index = PARAMETERS.indexOf(name);
            if (index < 0) {
                throw new PythonError("tojson() got an unexpected keyword argument '" + name + "'");
            }
            values[index] = value;
        });
        boolean ensureAscii = values[0] != null && !Boolean.FALSE.equals(values[0]);
        boolean sortKeys = values[3] != null && !Boolean.FALSE.equals(values[3]);
        return new PythonJson(ensureAscii, indent(values[1]), separators(values[2]), sortKeys).dumps(var);
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }

    /** Python's indent: an int is that many spaces, a string is used as is, None means one line. */
    private static String indent(Object indent) {
        if (indent == null) {
            return null;
        }
        if (PythonValues.isInteger(indent)) {
            return " ".repeat((int) Math.max(0, ((Number) indent).longValue()));
        }
        return indent.toString();
    }

    private static PythonJson.Separators separators(Object separators) {
        if (separators == null) {
            return null;
        }
        if (!(separators instanceof Collection<?> pair) || pair.size() != 2) {
            throw new PythonError("separators must be an (item_separator, key_separator) tuple");
        }
        Object[] both = pair.toArray();
        return new PythonJson.Separators(both[0].toString(), both[1].toString());
    }
}
