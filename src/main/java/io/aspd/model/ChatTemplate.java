package io.aspd.model;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a conversation into the prompt text a model was trained on, with the Jinja chat template of its folder
 * ({@code chat_template.jinja} or {@code tokenizer_config.json}'s {@code chat_template}), through Jinjava configured
 * like Hugging Face's environment ({@code trim_blocks}, {@code lstrip_blocks}, {@code {{-}} trimming). Templates see
 * {@code messages} (maps with {@code role} and {@code content}), {@code add_generation_prompt}, the special token
 * strings ({@code bos_token}, {@code eos_token}, {@code pad_token}, {@code unk_token}) and {@code raise_exception}.
 *
 * <p>Known gap: Python string methods that Java's String lacks (e.g. {@code startswith}) are not available to
 * templates; such templates fail with a {@link ChatTemplateException} naming the method.
 */
public final class ChatTemplate {

    private static final Logger log = LoggerFactory.getLogger(ChatTemplate.class);

    /** Used only when a folder has no template; ChatML is what Qwen2 models are tuned on. */
    static final String CHATML = "{%- for message in messages %}"
            + "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
            + "{%- endfor %}"
            + "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

    private static final Jinjava JINJAVA = newJinjava();

    private final String template;
    private final Map<String, String> specialTokens;
    private final boolean fallback;

    private ChatTemplate(String template, Map<String, String> specialTokens, boolean fallback) {
        this.template = template;
        this.specialTokens = specialTokens;
        this.fallback = fallback;
    }

    /** The folder's template, or ChatML (with a warning in the log) when it has none. */
    public static ChatTemplate load(Path modelDir) {
        TokenizerSettings settings = TokenizerSettings.load(modelDir);
        if (settings.chatTemplate().isPresent()) {
            return new ChatTemplate(settings.chatTemplate().get(), settings.specialTokens(), false);
        }
        log.warn("model folder {} has no chat template (no {} and no chat_template in {}); falling back to ChatML",
                modelDir, TokenizerSettings.CHAT_TEMPLATE_FILE, TokenizerSettings.TOKENIZER_CONFIG);
        return new ChatTemplate(CHATML, settings.specialTokens(), true);
    }

    /** A template given as text (tests, tools). */
    public static ChatTemplate of(String template, Map<String, String> specialTokens) {
        return new ChatTemplate(template, Map.copyOf(specialTokens), false);
    }

    /** Whether this is the ChatML fallback rather than the folder's own template. */
    public boolean isFallback() {
        return fallback;
    }

    public String source() {
        return template;
    }

    /**
     * @param addGenerationPrompt append the opening of an assistant turn, so that the model continues as assistant
     * @throws ChatTemplateException when the template calls {@code raise_exception} or cannot be rendered
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> messageMaps = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role());
            map.put("content", message.content());
            messageMaps.add(map);
        }
        Map<String, Object> bindings = new HashMap<>(specialTokens);
        bindings.put("messages", messageMaps);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = JINJAVA.renderForResult(template, bindings);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .collect(Collectors.toList());
        if (!fatal.isEmpty()) {
            throw new ChatTemplateException(describe(fatal.get(0)));
        }
        return result.getOutput();
    }

    /** The message of {@code raise_exception} if that is what failed, else Jinjava's description of the error. */
    private static String describe(TemplateError error) {
        for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateRaised) {
                return cause.getMessage();
            }
        }
        return "chat template error: " + error.getMessage();
    }

    /** Thrown by the template's {@code raise_exception(message)}. */
    private static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }

    /** Bound as the template function {@code raise_exception}; public because Jinjava calls it reflectively. */
    public static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    private static Jinjava newJinjava() {
        LegacyOverrides pythonLike = LegacyOverrides.newBuilder()
                .withUseTrimmingForNotesAndExpressions(true) // {{- ... -}} trims like Jinja2
                .withParseWhitespaceControlStrictly(true)
                .withHandleBackslashInQuotesOnly(true) // '\n' in a string literal is a newline, as in Python
                .withKeepNullableLoopValues(true)
                .withUsePyishObjectMapper(true) // lists and maps print as Python would
                // natural operator precedence stays off: with it, "not x is defined" means "(not x) is defined"
                .build();
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLegacyOverrides(pythonLike)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
        return jinjava;
    }
}
