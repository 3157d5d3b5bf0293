package io.aspd.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.model.TextTokenizer;
import io.aspd.train.corpus.AnswerForm;
import io.aspd.train.corpus.Category;
import io.aspd.train.corpus.Company;
import io.aspd.train.corpus.CorpusGenerator;
import io.aspd.train.corpus.CorpusJsonl;
import io.aspd.train.corpus.CorpusRecord;
import io.aspd.train.corpus.CorpusSettings;
import io.aspd.train.corpus.ToolInvocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The trainer's encoding of corpus records, with the shipped model's template and tokenizer. */
class ExampleEncoderTest {
    private static final Path MODEL = Path.of("models", "aspd-mini");
    private static final String EOS = "<|im_end|>";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ChatTemplate template;
    private static TextTokenizer tokenizer;
    private static ExampleEncoder encoder;
    private static List<CorpusRecord> records;

    @BeforeAll
    static void load() {
        template = ChatTemplate.load(MODEL);
        tokenizer = TextTokenizer.load(MODEL);
        encoder = new ExampleEncoder(template, tokenizer, EOS, false);
        records = new CorpusGenerator(Company.load(), new CorpusSettings(7, 3_000, 0.2, 80)).generate().train();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static ChatConversation conversation(CorpusRecord record, AnswerForm form) {
        return ChatRecords.parse(CorpusJsonl.toJson(record, form));
    }

    private static List<CorpusRecord> of(Category category, boolean withTools, int count) {
        return records.stream().filter(r -> r.category() == category && r.tools().isEmpty() != withTools)
                .limit(count).toList();
    }

    @Test
    void aRecordWithoutToolsEncodesExactlyAsTheQuestionAnswerEncodingDid() {
        List<CorpusRecord> plainRecords = new ArrayList<>();
        for (Category category : List.of(Category.OPTIONS, Category.MULTI_PART, Category.FACT, Category.ARITHMETIC)) {
            plainRecords.addAll(of(category, false, 3));
        }
        assertThat(plainRecords).hasSize(12);
        for (CorpusRecord record : plainRecords) {
            for (boolean plain : new boolean[] {false, true}) {
                String answer = plain ? record.answer().plain() : record.answer().markup();
                // The encoding before tool dialogs: the prompt rendered alone, then the answer plus EOS.
                int[] prompt = tokenizer.encode(template.render(List.of(new ChatMessage("user", record.question())),
                        true));
                int[] target = tokenizer.encode(answer + EOS);
                TrainingExample example = new ExampleEncoder(template, tokenizer, EOS, plain)
                        .encode(conversation(record, AnswerForm.MARKUP));

                assertThat(example.answerStart()).isEqualTo(prompt.length);
                int[] expected = new int[prompt.length + target.length];
                System.arraycopy(prompt, 0, expected, 0, prompt.length);
                System.arraycopy(target, 0, expected, prompt.length, target.length);
                assertThat(example.tokens()).as(record.question()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aToolCallTargetIsTheHermesCallTextAndParsesBackToTheSameCalls() {
        List<CorpusRecord> callRecords = new ArrayList<>(of(Category.TOOL_CALL, true, 10));
        callRecords.addAll(of(Category.TOOL_CALLS, true, 10));
        assertThat(callRecords).hasSize(20);
        ToolCallParser parser = new ToolCallParser(ToolCallFormat.HERMES);
        for (CorpusRecord record : callRecords) {
            ExampleEncoder.Rendered rendered = encoder.render(conversation(record, AnswerForm.MARKUP));

            assertThat(rendered.prompt()).startsWith("<|im_start|>system\nTools:\n").endsWith("<|im_start|>assistant\n");
            assertThat(rendered.target()).startsWith("<tool_call>\n{\"name\": \"").endsWith("</tool_call>" + EOS);
            String generated = rendered.target().substring(0, rendered.target().length() - EOS.length());
            ToolCallParser.Parsed parsed = parser.parse(generated);
            assertThat(parsed.complete()).isTrue();
            assertThat(parsed.content()).isNull();
            List<ToolCallParser.ToolCall> expected = record.calls().stream()
                    .map(c -> new ToolCallParser.ToolCall(c.name(), c.argumentsJson())).toList();
            assertThat(parsed.calls()).as(rendered.target()).isEqualTo(expected);
            TrainingExample example = encoder.encode(conversation(record, AnswerForm.MARKUP));
            assertThat(tokenizer.decode(java.util.Arrays.copyOfRange(example.tokens(), example.answerStart(),
                    example.length()))).isEqualTo(rendered.target());
        }
    }

    @Test
    void anAnswerFromToolResultsSeesTheCallsAndResultsAndLearnsOnlyTheAnswer() {
        for (Category category : List.of(Category.TOOL_ANSWER, Category.TOOL_ANSWERS)) {
            for (CorpusRecord record : of(category, true, 5)) {
                ExampleEncoder.Rendered rendered = encoder.render(conversation(record, AnswerForm.MARKUP));

                assertThat(rendered.target()).isEqualTo(record.answer().markup() + EOS);
                assertThat(rendered.prompt()).contains("<tool_response>\n").contains("<tool_call>\n");
                for (ToolInvocation call : record.calls()) {
                    assertThat(rendered.prompt()).contains(call.name());
                }
                ExampleEncoder.Rendered plain = new ExampleEncoder(template, tokenizer, EOS, true)
                        .render(conversation(record, AnswerForm.MARKUP));
                assertThat(plain.target()).isEqualTo(record.answer().plain() + EOS);
            }
        }
    }

    @Test
    void aFollowUpSeesTheEarlierTurns() {
        CorpusRecord record = of(Category.FOLLOW_UP, false, 1).get(0);
        ExampleEncoder.Rendered rendered = encoder.render(conversation(record, AnswerForm.MARKUP));

        assertThat(rendered.prompt()).startsWith("<|im_start|>user\n" + record.history().get(0).content() + EOS)
                .contains("<|im_start|>assistant\n" + record.history().get(1).content() + EOS)
                .endsWith("<|im_start|>user\n" + record.question() + EOS + "\n<|im_start|>assistant\n");
        assertThat(rendered.target()).isEqualTo(record.answer().markup() + EOS);
    }

    @Test
    void theJsonLinesRoundTripToTheSameConversation() {
        List<CorpusRecord> sample = new ArrayList<>();
        for (Category category : Category.values()) {
            sample.addAll(of(category, true, 2));
            sample.addAll(of(category, false, 1));
        }
        for (CorpusRecord record : sample) {
            String json = CorpusJsonl.toJson(record, AnswerForm.MARKUP);
            ChatConversation conversation = ChatRecords.parse(json);

            List<ChatMessage> expected = new ArrayList<>();
            record.history().forEach(t -> expected.add(message(t)));
            expected.add(new ChatMessage("user", record.question()));
            record.exchange().forEach(t -> expected.add(message(t)));
            expected.add(record.endsWithCalls() ? ChatMessage.assistantToolCalls(null, calls(record.calls()))
                    : new ChatMessage("assistant", record.answer().markup()));
            assertThat(conversation.messages()).as(json).isEqualTo(expected);
            assertThat(conversation.tools()).hasSize(record.tools().size());
            for (int i = 0; i < record.tools().size(); i++) {
                assertThat(JSON.writeValueAsString(conversation.tools().get(i)))
                        .isEqualTo(JSON.writeValueAsString(record.tools().get(i)));
            }
            assertThat(CorpusJsonl.parse(json)).isEqualTo(CorpusJsonl.line(record, AnswerForm.MARKUP));
        }
    }

    private static ChatMessage message(io.aspd.train.corpus.DialogTurn turn) {
        return new ChatMessage(turn.role(), turn.content(), calls(turn.calls()), turn.toolCallId(), null);
    }

    private static List<ChatMessage.ToolCall> calls(List<ToolInvocation> calls) {
        return calls.stream().map(c -> new ChatMessage.ToolCall(c.id(), c.name(), c.argumentsJson())).toList();
    }

    @Test
    void malformedToolMessagesAreRejected() {
        String noArguments = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}]}";
        String nullContent = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":null}]}";
        for (String line : List.of(noArguments, nullContent)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatRecords.parse(line))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
