package io.aspd.model.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * Jinja2's {@code trim(chars=None)}: Python's {@code str.strip}, which removes only what Python calls whitespace.
 * Jinjava's trims every control character as well, so a content ending in, say, ESC would lose it.
 */
final class TrimFilter implements Filter {

    @Override
    public String getName() {
        return "trim";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        String chars = args.length > 0 ? args[0] : null;
        return PythonStrings.strip(PythonValues.str(var), chars, true, true);
    }
}
