package io.aspd.model.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jinjava.javax.el.CompositeELResolver;

/**
 * Jinjava set up to render chat templates as Hugging Face's {@code apply_chat_template} does: an environment with
 * {@code trim_blocks} and {@code lstrip_blocks}, Jinja2's {@code {{- -}}} trimming and string escapes, the loop
 * controls, Python's str/dict/list methods ({@link PythonMethodResolver}), stepped slices ({@link JinjaSyntax}), the
 * globals {@code raise_exception}, {@code strftime_now} and {@code dict}, Jinja2's loop filter
 * ({@link FilteringForTag}), Hugging Face's {@code tojson}, Python's {@code string} and {@code trim} filters, the {@code generation}
 * block, Python's printing of values ({@link PythonPrintingInterpreter}) and Python's {@code iterable}/{@code sequence}
 * tests.
 */
public final class HuggingFaceJinja {

    private final Jinjava jinjava;
    /** Templates as rewritten for Jinjava; a chat template renders one or two sources (its own and the fallback). */
    private final Map<String, String> preparedSources = new ConcurrentHashMap<>();

    /** @param clock what {@code strftime_now} reads (the system clock in production, a fixed one in tests) */
    public HuggingFaceJinja(Clock clock) {
        LegacyOverrides pythonLike = LegacyOverrides.newBuilder()
                .withUseTrimmingForNotesAndExpressions(true) // {{- ... -}} trims like Jinja2
                .withParseWhitespaceControlStrictly(true)
                .withHandleBackslashInQuotesOnly(true) // '\n' in a string literal is a newline, as in Python
                .withKeepNullableLoopValues(true)
                .withUsePyishObjectMapper(true) // lists and maps print as Python would
                // natural operator precedence stays off: with it, "not x is defined" means "(not x) is defined"
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // trim_blocks and lstrip_blocks are applied by JinjaSyntax: Jinjava's lstrip differs mid-line
                // message content is user data, never template: "{{ x }}" inside a value must stay as written
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(pythonLike)
                .withElResolver(resolver)
                .withDateTimeProvider(clock::millis)
                .withTimeZone(clock.getZone())
                .withInterperterFactory(PythonPrintingInterpreter.FACTORY)
                .build();
        jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                TemplateFunctions.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                TemplateFunctions.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "dict",
                TemplateFunctions.class, "dict", Object[].class));
        jinjava.getGlobalContext().registerFilter(new ToJsonFilter());
        jinjava.getGlobalContext().registerFilter(new StringFilter());
        jinjava.getGlobalContext().registerFilter(new TrimFilter());
        jinjava.getGlobalContext().registerTag(new FilteringForTag());
        jinjava.getGlobalContext().registerTag(new GenerationTag());
        for (PythonTypeTest test : PythonTypeTest.values()) {
            jinjava.getGlobalContext().registerExpTest(test);
        }
    }

    /**
     * @param bindings the template's variables, as plain Java values (String, Long/Double, Boolean, List, Map, null)
     * @throws TemplateRenderException when the template calls {@code raise_exception} or cannot be rendered
     */
    public String render(String template, Map<String, Object> bindings) {
        String prepared = preparedSources.computeIfAbsent(template,
                source -> JinjaSyntax.rewrite(withoutTrailingNewline(source)));
        RenderResult result = jinjava.renderForResult(prepared, bindings);
        Optional<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .findFirst();
        if (fatal.isPresent()) {
            throw new TemplateRenderException(describe(fatal.get()));
        }
        return result.getOutput();
    }

    /** Jinja2 (keep_trailing_newline=False) drops one newline at the end of the template source, not of the output. */
    private static String withoutTrailingNewline(String template) {
        if (template.endsWith("\r\n")) {
            return template.substring(0, template.length() - 2);
        }
        return template.endsWith("\n") || template.endsWith("\r") ? template.substring(0, template.length() - 1)
                : template;
    }

    /** The template's own words when it called {@code raise_exception}, else Python's or Jinjava's description. */
    private static String describe(TemplateError error) {
        for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateRaisedException) {
                return cause.getMessage();
            }
            if (cause instanceof PythonError) {
                return "chat template error: " + cause.getMessage();
            }
        }
        return "chat template error: " + error.getMessage();
    }
}
