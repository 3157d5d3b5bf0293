package io.aspd.model;

import io.aspd.model.template.HuggingFaceJinja;
import io.aspd.model.template.JsonValues;
import io.aspd.model.template.TemplateRenderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a conversation into the prompt text a model was trained on, with the Jinja chat template of its folder
 * ({@code chat_template.jinja} or {@code tokenizer_config.json}'s {@code chat_template}), as Hugging Face's
 * {@code apply_chat_template(messages, tools=tools, add_generation_prompt=...)} renders it (see
 * {@link HuggingFaceJinja} for the environment).
 *
 * <p>Templates see {@code messages}, {@code tools} (only when the request has tools), {@code add_generation_prompt},
 * the special token strings ({@code bos_token}, {@code eos_token}, ...) and any extra template arguments. A message is
 * the map {@code role}, {@code content}, then when present {@code name}, {@code tool_calls} and {@code tool_call_id};
 * each call is {@code {"id", "type": "function", "function": {"name", "arguments"}}}. As vLLM does, the arguments are
 * passed as the value of their JSON text (a dict, which templates such as Llama 3.1's and Qwen2.5's expect and write
 * with {@code tojson}), or as the text itself when it is not valid JSON. A turn of only tool calls (content null on
 * the wire) gets the empty string as content, as vLLM passes it: Qwen3's and Llama 3.2's templates test
 * {@code '</think>' in content} or iterate the content and fail on None.
 *
 * <p>A folder without a template, and a template that does not use {@code tools}, get {@link #HERMES_CHATML} for
 * conversations that involve tools: ChatML with the tool signatures in the system turn, calls as
 * {@code <tool_call>{"name": ..., "arguments": ...}</tool_call>} (or between the markers given as
 * {@link #TOOL_CALL_OPEN_ARGUMENT} / {@link #TOOL_CALL_CLOSE_ARGUMENT}) and results as {@code <tool_response>} in a
 * user turn (the Hermes convention that Qwen2.5 follows).
 */
public final class ChatTemplate {

    private static final Logger log = LoggerFactory.getLogger(ChatTemplate.class);

    /**
     * ChatML (what Qwen2 models are tuned on) with Hermes-style tool calling ({@code hermes-chatml.jinja} beside this
     * class). Without tools and tool messages it is plain ChatML; a first system message also carries the tools.
     */
    static final String HERMES_CHATML = readResource(ChatTemplate.class, "hermes-chatml.jinja");

    /**
     * Template arguments that give {@link #HERMES_CHATML} the served model's tool-call markers (the Hermes ones when
     * absent), so that the fallback shows the model the syntax its calls are constrained to.
     */
    public static final String TOOL_CALL_OPEN_ARGUMENT = "tool_call_open";
    public static final String TOOL_CALL_CLOSE_ARGUMENT = "tool_call_close";

    /** A template shipped as a resource beside {@code anchor}. */
    public static String readResource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tag ({@code {{ }}} or {@code {% %}}) of a template, and the string literals inside one. */
    private static final Pattern TAG = Pattern.compile("\\{[{%](.*?)[}%]}", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern TOOLS_VARIABLE = Pattern.compile("\\btools\\b");

    private final String template;
    private final Map<String, String> specialTokens;
    private final boolean fallback;
    private final boolean toolAware;
    private final HuggingFaceJinja jinja;

    private ChatTemplate(String template, Map<String, String> specialTokens, boolean fallback, Clock clock) {
        this.template = template;
        this.specialTokens = specialTokens;
        this.fallback = fallback;
        this.toolAware = usesToolsVariable(template);
        this.jinja = new HuggingFaceJinja(clock);
    }

    /** The folder's template, or ChatML (with a warning in the log) when it has none. */
    public static ChatTemplate load(Path modelDir) {
        TokenizerSettings settings = TokenizerSettings.load(modelDir);
        if (settings.chatTemplate().isPresent()) {
            return new ChatTemplate(settings.chatTemplate().get(), settings.specialTokens(), false,
                    Clock.systemDefaultZone());
        }
        log.warn("model folder {} has no chat template (no {} and no chat_template in {}); falling back to ChatML",
                modelDir, TokenizerSettings.CHAT_TEMPLATE_FILE, TokenizerSettings.TOKENIZER_CONFIG);
        return new ChatTemplate(HERMES_CHATML, settings.specialTokens(), true, Clock.systemDefaultZone());
    }

    /** A template given as text (tests, tools). */
    public static ChatTemplate of(String template, Map<String, String> specialTokens) {
        return of(template, specialTokens, Clock.systemDefaultZone());
    }

    /** A template given as text, whose {@code strftime_now} reads {@code clock}. */
    public static ChatTemplate of(String template, Map<String, String> specialTokens, Clock clock) {
        return new ChatTemplate(template, Map.copyOf(specialTokens), false, clock);
    }

    /** Whether this is the ChatML fallback rather than the folder's own template. */
    public boolean isFallback() {
        return fallback;
    }

    /**
     * Whether the template renders tools itself (it uses the {@code tools} variable); when it does not, conversations
     * with tools are rendered with {@link #HERMES_CHATML}.
     */
    public boolean isToolAware() {
        return toolAware;
    }

    public String source() {
        return template;
    }

    /**
     * @param addGenerationPrompt append the opening of an assistant turn, so that the model continues as assistant
     * @throws ChatTemplateException when the template calls {@code raise_exception} or cannot be rendered
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, List.of(), addGenerationPrompt, Map.of());
    }

    /**
     * @param tools the request's tools as OpenAI sends them ({@code {"type": "function", "function": {"name",
     *     "description", "parameters"}}}), as plain Java values (Map, List, String, Number, Boolean, null) in the
     *     client's key order; empty for none
     * @param templateArguments extra template variables (e.g. {@code enable_thinking}); they cannot replace the ones
     *     above
     */
    public String render(List<ChatMessage> messages, List<Map<String, Object>> tools, boolean addGenerationPrompt,
            Map<String, Object> templateArguments) {
        Map<String, Object> bindings = new HashMap<>(templateArguments);
        bindings.putAll(specialTokens);
        bindings.put("messages", messageMaps(messages));
        bindings.put("add_generation_prompt", addGenerationPrompt);
        if (!tools.isEmpty()) {
            bindings.put("tools", tools);
        }
        boolean involvesTools = !tools.isEmpty() || messages.stream()
                .anyMatch(m -> m.role().equals("tool") || !m.toolCalls().isEmpty());
        String source = involvesTools && !toolAware ? HERMES_CHATML : template;
        try {
            return jinja.render(source, bindings);
        } catch (TemplateRenderException e) {
            throw new ChatTemplateException(e.getMessage());
        }
    }

    private static List<Map<String, Object>> messageMaps(List<ChatMessage> messages) {
        List<Map<String, Object>> maps = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role());
            map.put("content", message.content() == null ? "" : message.content());
            if (message.name() != null) {
                map.put("name", message.name());
            }
            if (!message.toolCalls().isEmpty()) {
                List<Map<String, Object>> calls = new ArrayList<>();
                for (ChatMessage.ToolCall call : message.toolCalls()) {
                    Map<String, Object> function = new LinkedHashMap<>();
                    function.put("name", call.name());
                    function.put("arguments", JsonValues.parseOrKeep(call.arguments()));
                    Map<String, Object> callMap = new LinkedHashMap<>();
                    if (call.id() != null) {
                        callMap.put("id", call.id());
                    }
                    callMap.put("type", "function");
                    callMap.put("function", function);
                    calls.add(callMap);
                }
                map.put("tool_calls", calls);
            }
            if (message.toolCallId() != null) {
                map.put("tool_call_id", message.toolCallId());
            }
            maps.add(map);
        }
        return maps;
    }

    /** Whether {@code tools} appears as a name inside a tag (not only in text or in a string literal). */
    private static boolean usesToolsVariable(String template) {
        Matcher tag = TAG.matcher(template);
        while (tag.find()) {
            String code = STRING_LITERAL.matcher(tag.group(1)).replaceAll("''");
            if (TOOLS_VARIABLE.matcher(code).find()) {
                return true;
            }
        }
        return false;
    }
}
