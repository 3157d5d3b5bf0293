package io.aspd.model.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/** Jinja2's {@code string} filter, Python's {@code str(value)}: {@code True}, {@code None}, {@code [1, 'a']}. */
final class StringFilter implements Filter {

    @Override
    public String getName() {
        return "string";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return PythonValues.str(var);
    }
}
