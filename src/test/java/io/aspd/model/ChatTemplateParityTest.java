package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aspd.model.template.JsonValues;
import io.aspd.train.tokenizer.ChatMl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every template under {@code chat-templates/templates} (plus the server's Hermes/ChatML fallback), rendered for every
 * conversation of {@code cases.json}, must equal byte for byte what Python Jinja2 renders in Hugging Face's sandbox
 * ({@code chat-templates/generate.py} wrote the expected files), or fail with the same {@code raise_exception} text.
 */
class ChatTemplateParityTest {

    private static final Path ROOT = Path.of("src/test/resources/chat-templates");
    /** The generator's fixed {@code datetime.now()}, 2024-07-26 10:00:00, in a zone where it is that time. */
    private static final Clock FIXED = Clock.fixed(LocalDateTime.of(2024, 7, 26, 10, 0).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);

    @TestFactory
    Stream<DynamicTest> rendersAsPythonJinja2Does() throws IOException {
        Map<String, Object> suite = map(JsonValues.parseOrKeep(Files.readString(ROOT.resolve("cases.json"))));
        Map<String, String> specialTokens = new java.util.HashMap<>();
        map(suite.get("special_tokens")).forEach((k, v) -> specialTokens.put(k, (String) v));
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> templates;
        try (Stream<Path> files = Files.list(ROOT.resolve("templates"))) {
            templates = files.filter(p -> p.toString().endsWith(".jinja")).sorted().toList();
        }
        Map<String, String> sources = new java.util.TreeMap<>();
        for (Path file : templates) {
            sources.put(file.getFileName().toString().replace(".jinja", ""), Files.readString(file));
        }
        sources.put("hermes-chatml", ChatTemplate.HERMES_CHATML);
        sources.put("chatml-tools", ChatMl.TEMPLATE);
        for (Map.Entry<String, String> source : sources.entrySet()) {
            ChatTemplate template = ChatTemplate.of(source.getValue(), specialTokens, FIXED);
            for (Object caseValue : (List<?>) suite.get("cases")) {
                Map<String, Object> testCase = map(caseValue);
                String name = source.getKey() + "/" + testCase.get("name");
                tests.add(DynamicTest.dynamicTest(name, () -> check(template, testCase, ROOT.resolve("expected")
                        .resolve(name))));
            }
        }
        assertTrue(tests.size() >= 40, "fixtures found");
        return tests.stream();
    }

    private static void check(ChatTemplate template, Map<String, Object> testCase, Path expected) throws IOException {
        List<ChatMessage> messages = new ArrayList<>();
        for (Object message : (List<?>) testCase.get("messages")) {
            messages.add(chatMessage(map(message)));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tools = (List<Map<String, Object>>) testCase.getOrDefault("tools", List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = (Map<String, Object>) testCase.getOrDefault("template_arguments", Map.of());
        boolean generationPrompt = (Boolean) testCase.get("add_generation_prompt");
        Path error = expected.resolveSibling(expected.getFileName() + ".error");
        if (Files.exists(error)) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class,
                    () -> template.render(messages, tools, generationPrompt, arguments));
            assertEquals(Files.readString(error, StandardCharsets.UTF_8), e.getMessage());
        } else {
            String want = Files.readString(expected.resolveSibling(expected.getFileName() + ".txt"));
            assertEquals(want, template.render(messages, tools, generationPrompt, arguments));
        }
    }

    /** An OpenAI wire message (tool-call arguments as JSON text) as the API layer hands it over. */
    private static ChatMessage chatMessage(Map<String, Object> wire) {
        List<ChatMessage.ToolCall> calls = new ArrayList<>();
        for (Object call : (List<?>) wire.getOrDefault("tool_calls", List.of())) {
            Map<String, Object> function = map(map(call).get("function"));
            calls.add(new ChatMessage.ToolCall((String) map(call).get("id"), (String) function.get("name"),
                    (String) function.get("arguments")));
        }
        return new ChatMessage((String) wire.get("role"), (String) wire.get("content"), calls,
                (String) wire.get("tool_call_id"), (String) wire.get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
