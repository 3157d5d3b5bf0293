package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aspd.testkit.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ChatTemplateTest {

    @TempDir
    Path dir;

    private static final List<ChatMessage> CONVERSATION =
            List.of(new ChatMessage("user", "Hi \"there\"\nhow are you?"), new ChatMessage("assistant", "Fine."),
                    new ChatMessage("user", "Tips?"));

    @Test
    void rendersTheFolderTemplateWithItsDefaultSystemMessage() {
        TestModels.writeTokenizer(dir);
        ChatTemplate template = ChatTemplate.load(dir);
        assertFalse(template.isFallback());
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHi \"there\"\nhow are you?<|im_end|>\n"
                + "<|im_start|>assistant\nFine.<|im_end|>\n"
                + "<|im_start|>user\nTips?<|im_end|>\n"
                + "<|im_start|>assistant\n", template.render(CONVERSATION, true));
        String withSystem = template.render(List.of(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hi")), false);
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n", withSystem);
        try (TextTokenizer tokenizer = TextTokenizer.load(dir)) {
            int imStart = tokenizer.tokenId("<|im_start|>").orElseThrow();
            assertEquals(imStart, tokenizer.encode(withSystem)[0], "the rendered markup tokenizes to special ids");
        }
    }

    /** Message text is data: template syntax in it is neither evaluated nor an error (code snippets, Handlebars...). */
    @Test
    void templateSyntaxInsideAMessageIsRenderedVerbatim() {
        TestModels.writeTokenizer(dir);
        String text = "Why does {{ 7 * 7 }} print 49? {% if x %}y{% endif %} {# c #} {{ raise_exception('boom') }} {{";
        String hermes = ChatTemplate.of(ChatTemplate.HERMES_CHATML, Map.of())
                .render(List.of(new ChatMessage("user", text)), false);
        assertEquals("<|im_start|>user\n" + text + "<|im_end|>\n", hermes);
        assertTrue(ChatTemplate.load(dir).render(List.of(new ChatMessage("user", text)), false).contains(text));
    }

    @Test
    void raiseExceptionInTheTemplateBecomesAChatTemplateException() {
        TestModels.writeTokenizer(dir);
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.load(dir).render(List.of(new ChatMessage("critic", "x")), true));
        assertEquals("Unsupported role: critic", e.getMessage());
    }

    @Test
    void aTemplateWithoutToolsRendersToolConversationsWithTheHermesFallback() {
        TestModels.writeTokenizer(dir);
        ChatTemplate template = ChatTemplate.load(dir);
        assertFalse(template.isToolAware(), "the test model's template never mentions tools");
        List<ChatMessage> conversation = List.of(new ChatMessage("user", "Order A1?"),
                ChatMessage.assistantToolCalls(null, List.of(new ChatMessage.ToolCall("c1", "lookup", "{\"id\": \"A1\"}"))),
                ChatMessage.toolResult("c1", "lookup", "shipped"));
        assertEquals("<|im_start|>user\nOrder A1?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"lookup\", \"arguments\": {\"id\": \"A1\"}}\n</tool_call>"
                + "<|im_end|>\n<|im_start|>user\n<tool_response>\nshipped\n</tool_response><|im_end|>\n"
                + "<|im_start|>assistant\n", template.render(conversation, true));
        assertTrue(ChatTemplate.of("{% if tools %}{{ tools | length }}{% endif %}", Map.of()).isToolAware());
        assertFalse(ChatTemplate.of("{{ 'tools' }} tools", Map.of()).isToolAware(), "text and strings do not count");
    }

    @Test
    void withoutATemplateFallsBackToChatMlAndWarns() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\"}");
        Logger logger = (Logger) LoggerFactory.getLogger(ChatTemplate.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            ChatTemplate template = ChatTemplate.load(dir);
            assertTrue(template.isFallback());
            assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                    template.render(List.of(new ChatMessage("user", "Hi")), true));
        } finally {
            logger.detachAppender(appender);
        }
        assertTrue(appender.list.stream().anyMatch(event -> event.getLevel() == Level.WARN
                && event.getFormattedMessage().contains("falling back to ChatML")), "a WARN names the fallback");
    }

    @Test
    void chatTemplateFileAndNamedTemplatesAreFound() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"chat_template": [{"name": "tool_use", "template": "tools"},
                                   {"name": "default", "template": "{{ messages[0].content }}!"}]}
                """);
        assertEquals("Hi!", ChatTemplate.load(dir).render(List.of(new ChatMessage("user", "Hi")), false));
        Files.writeString(dir.resolve("chat_template.jinja"), "[{{ messages | length }}]");
        assertEquals("[1]", ChatTemplate.load(dir).render(List.of(new ChatMessage("user", "Hi")), false));
    }

    /*
     * The expected strings below were produced by Python Jinja2 3.1.6 with Hugging Face's settings
     * (Environment(trim_blocks=True, lstrip_blocks=True)) from the same template and inputs.
     */

    @Test
    void whitespaceControlMatchesPythonJinja2() {
        // trim_blocks drops the newline after a block tag, lstrip_blocks the indentation before it; {{- trims left
        String source = "{% for m in messages %}\n    {% if m.role == 'user' %}\nU:{{ m.content }}\n"
                + "    {% endif %}\n{% endfor %}\n{{- eos_token -}}  {% if not add_generation_prompt is defined %}"
                + "never{% endif %}";
        ChatTemplate template = ChatTemplate.of(source, Map.of("eos_token", "<E>"));
        assertEquals("U:a\nU:c\n<E>", template.render(List.of(new ChatMessage("user", "a"),
                new ChatMessage("assistant", "b"), new ChatMessage("user", "c")), false));
    }

    @Test
    void aTemplateUsingNamespacesSlicesFiltersAndTestsMatchesPythonJinja2() {
        String source = """
            {%- set ns = namespace(seen_user=false, count=0) %}
            {%- if messages[0].role == 'system' %}
                {%- set system = messages[0].content | trim %}
                {%- set rest = messages[1:] %}
            {%- else %}
                {%- set system = 'Default.' %}
                {%- set rest = messages %}
            {%- endif %}
            {{- bos_token ~ '[SYS]' ~ system ~ '\\n' }}
            {%- for m in rest %}
                {%- if m.role == 'user' %}{% set ns.seen_user = true %}{% set ns.count = ns.count + 1 %}{% endif %}
                {%- if m.content is string %}
            {{ loop.index0 }}:{{ m.role | upper }}> {{ m.content }}{% if not loop.last %}|{% endif %}
                {%- endif %}
            {%- endfor %}
            {%- if tools is defined and tools %}
            {{ '\\n' ~ (tools | tojson) }}
            {%- endif %}
            {{- '\\nusers=' ~ ns.count ~ ' seen=' ~ ('yes' if ns.seen_user else 'no') }}
            {%- if add_generation_prompt %}{{ '\\n<A>' }}{% endif %}
            """;
        List<ChatMessage> messages = List.of(new ChatMessage("system", "  Be brief. "), new ChatMessage("user", "Hi"),
                new ChatMessage("assistant", "Yo"), new ChatMessage("user", "Tips?"));
        assertEquals("<s>[SYS]Be brief.\n0:USER> Hi|1:ASSISTANT> Yo|2:USER> Tips?\nusers=2 seen=yes\n<A>",
                ChatTemplate.of(source, Map.of("bos_token", "<s>")).render(messages, true));
    }
}
