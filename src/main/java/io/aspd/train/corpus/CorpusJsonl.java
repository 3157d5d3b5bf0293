package io.aspd.train.corpus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes records as JSON lines: the OpenAI fine-tuning chat format ({@code messages}, and {@code tools} at the top
 * level when the request has tools; assistant {@code tool_calls} with {@code function.arguments} as a JSON string,
 * content null when the turn is only calls; {@code tool} messages with {@code tool_call_id}) plus the evaluation
 * fields, and {@code expectedCalls}, the calls of a record whose last turn is tool calls. The issue-7 data pipeline
 * writes the same {@code messages} shape, so the trainer reads both. A record without tools is written exactly as
 * before tools existed.
 */
public final class CorpusJsonl {

    /** One chat message. */
    public record Message(String role, String content,
                          @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                          List<ToolCall> toolCalls,
                          @JsonProperty("tool_call_id") @JsonInclude(JsonInclude.Include.NON_NULL)
                          String toolCallId) {

        public Message {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Message(String role, String content) {
            this(role, content, List.of(), null);
        }
    }

    /** One call of an assistant turn, in OpenAI's shape. */
    public record ToolCall(String id, String type, Function function) {
    }

    /** The called function; {@code arguments} is JSON text. */
    public record Function(String name, String arguments) {
    }

    /** One line of the file; component order is the field order written. */
    public record Line(List<Message> messages,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JsonNode> tools,
                       String category, boolean parallelizable, List<String> facts, String entity, String template,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> expectedCalls) {
        public Line {
            tools = tools == null ? List.of() : List.copyOf(tools);
            expectedCalls = expectedCalls == null ? List.of() : List.copyOf(expectedCalls);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CorpusJsonl() {
    }

    public static Line line(CorpusRecord record, AnswerForm form) {
        List<Message> messages = new ArrayList<>();
        record.history().forEach(turn -> messages.add(message(turn)));
        messages.add(new Message("user", record.question()));
        record.exchange().forEach(turn -> messages.add(message(turn)));
        List<ToolCall> expected = toolCalls(record.calls());
        messages.add(record.endsWithCalls() ? new Message("assistant", null, expected, null)
                : new Message("assistant", form.content(record.answer())));
        return new Line(messages, record.tools(), record.category().id(), record.parallelizable(), record.facts(),
                record.entity(), record.template(), expected);
    }

    /** Earlier turns are already text as the user read it (or calls and results); the form does not change them. */
    private static Message message(DialogTurn turn) {
        return new Message(turn.role(), turn.content(), toolCalls(turn.calls()), turn.toolCallId());
    }

    private static List<ToolCall> toolCalls(List<ToolInvocation> calls) {
        return calls.stream()
                .map(c -> new ToolCall(c.id(), "function", new Function(c.name(), c.argumentsJson())))
                .toList();
    }

    public static String toJson(CorpusRecord record, AnswerForm form) {
        return MAPPER.writeValueAsString(line(record, form));
    }

    public static Line parse(String json) {
        return MAPPER.readValue(json, Line.class);
    }

    public static void write(Path file, List<CorpusRecord> records, AnswerForm form) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (CorpusRecord record : records) {
                out.write(toJson(record, form));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
