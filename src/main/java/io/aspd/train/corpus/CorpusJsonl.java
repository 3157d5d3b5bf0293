package io.aspd.train.corpus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes records as JSON lines: the OpenAI fine-tuning chat format ({@code messages}) plus the evaluation fields.
 * The issue-7 data pipeline writes the same {@code messages} shape, so the trainer reads both.
 */
public final class CorpusJsonl {

    /** One chat message. */
    public record Message(String role, String content) {
    }

    /** One line of the file; component order is the field order written. */
    public record Line(List<Message> messages, String category, boolean parallelizable, List<String> facts,
                       String entity, String template) {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CorpusJsonl() {
    }

    public static Line line(CorpusRecord record, AnswerForm form) {
        List<Message> messages = List.of(
                new Message("user", record.question()),
                new Message("assistant", form.content(record.answer())));
        return new Line(messages, record.category().id(), record.parallelizable(), record.facts(), record.entity(),
                record.template());
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
