package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChatMlTest {

    private static final List<ChatMl.Message> CHAT = List.of(
            new ChatMl.Message("user", "How can I pay?\nAnd {{ not a template }}"),
            new ChatMl.Message("assistant", "Two ways:\n<|title|>Card<|/title|>..."),
            new ChatMl.Message("user", "Thanks!"));

    @Test
    void framesEveryMessageInChatMl() {
        assertThat(ChatMl.render(CHAT.subList(2, 3), true))
                .isEqualTo("<|im_start|>user\nThanks!<|im_end|>\n<|im_start|>assistant\n");
        assertThat(ChatMl.render(CHAT.subList(2, 3), false)).isEqualTo("<|im_start|>user\nThanks!<|im_end|>\n");
    }

    @Test
    void rendersToolsAsSignaturesAndCallsAndResultsInTheHermesFormat() {
        ChatTemplate template = ChatTemplate.of(ChatMl.TEMPLATE, Map.of());
        assertThat(template.isToolAware()).isTrue();
        List<Map<String, Object>> tools = List.of(
                function("get_bill", "Latest bill of an account.", Map.of("type", "object",
                        "properties", ordered("account_id", Map.of("type", "string")), "required", List.of("account_id"))),
                function("book", "", Map.of("type", "object",
                        "properties", ordered("date", Map.of("type", "string", "description", "YYYY-MM-DD"),
                                "nights", Map.of("type", "integer")),
                        "required", List.of("date"))),
                function("ping", null, null));
        List<ChatMessage> messages = List.of(
                new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "My bill for AC-1?"),
                new ChatMessage("assistant", null, List.of(new ChatMessage.ToolCall("call_1", "get_bill",
                        "{\"account_id\": \"AC-1\"}")), null, null),
                new ChatMessage("tool", "{\"total\": \"$49\"}", List.of(), "call_1", null));

        assertThat(template.render(messages, tools, true, Map.of())).isEqualTo("""
                <|im_start|>system
                Be brief.

                Tools:
                get_bill(account_id) Latest bill of an account.
                book(date: YYYY-MM-DD, nights?: integer)
                ping()
                Call: <tool_call>{"name": ..., "arguments": {...}}</tool_call><|im_end|>
                <|im_start|>user
                My bill for AC-1?<|im_end|>
                <|im_start|>assistant
                <tool_call>
                {"name": "get_bill", "arguments": {"account_id": "AC-1"}}
                </tool_call><|im_end|>
                <|im_start|>user
                <tool_response>
                {"total": "$49"}
                </tool_response><|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void withoutToolsTheServedTemplateRendersTheJavaFrame() {
        List<ChatMessage> messages = CHAT.stream().map(m -> new ChatMessage(m.role(), m.content())).toList();
        assertThat(ChatTemplate.of(ChatMl.TEMPLATE, Map.of()).render(messages, true)).isEqualTo(ChatMl.render(CHAT, true));
    }

    /** The embedded model is served with exactly the template it was trained with. */
    @Test
    void theShippedModelCarriesThisTemplate() throws Exception {
        JsonNode config = JsonMapper.builder().build()
                .readTree(Path.of("models/aspd-mini/tokenizer_config.json").toFile());
        assertThat(config.get("chat_template").asString()).isEqualTo(ChatMl.TEMPLATE);
    }

    private static Map<String, Object> function(String name, String description, Map<String, Object> parameters) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        if (description != null) {
            function.put("description", description);
        }
        if (parameters != null) {
            function.put("parameters", parameters);
        }
        return Map.of("type", "function", "function", function);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
