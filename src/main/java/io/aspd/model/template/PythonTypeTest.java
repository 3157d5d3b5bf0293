package io.aspd.model.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.objects.SafeString;
import java.util.Collection;
import java.util.Map;

/**
 * Jinja2's {@code is iterable} and {@code is sequence}, which hold for strings and dicts as well as lists (Python can
 * iterate and index all three). Jinjava's versions say no to strings, and templates rely on the Python answer: Llama
 * 3.1 writes a tool result with {@code tojson} exactly because a string {@code is iterable}.
 */
enum PythonTypeTest implements ExpTest {
    ITERABLE("iterable"),
    SEQUENCE("sequence");

    private final String name;

    PythonTypeTest(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        return var instanceof CharSequence || var instanceof SafeString || var instanceof Collection
                || var instanceof Map || (var != null && var.getClass().isArray());
    }
}
