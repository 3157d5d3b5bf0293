package io.aspd.model.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/**
 * Prints {@code {{ value }}} as Python's {@code str(value)} does ({@code True}, {@code [1, 'a', None]},
 * {@code {'k': 'v'}}, {@code 1e-05}) instead of Jinjava's Java-flavoured forms ({@code true}, {@code null}). A null
 * still prints as nothing: Jinjava does not tell an undefined variable (which Jinja prints as nothing) from None.
 */
final class PythonPrintingInterpreter extends JinjavaInterpreter {

    static final InterpreterFactory FACTORY = new InterpreterFactory() {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PythonPrintingInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig renderConfig) {
            return new PythonPrintingInterpreter(application, context, renderConfig);
        }
    };

    private PythonPrintingInterpreter(Jinjava application, Context context, JinjavaConfig renderConfig) {
        super(application, context, renderConfig);
    }

    private PythonPrintingInterpreter(JinjavaInterpreter orig) {
        super(orig);
    }

    @Override
    public String getAsString(Object object) {
        return object == null ? "" : PythonValues.str(object);
    }
}
