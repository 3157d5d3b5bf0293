package io.aspd.train.corpus;

import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One generated conversation with what evaluation needs: its category, the facts a correct answer must contain (each
 * appears verbatim in {@link Answer#plain()}), and the entity and template it was made from.
 *
 * <p>Most records are one question and one answer. A record may also carry {@code history} (earlier turns, before
 * the question: follow-ups), {@code tools} (the OpenAI function definitions sent with the request) and
 * {@code exchange} (the assistant's tool calls and the tool results after the question). The turn to learn is
 * either {@code answer} or, when the assistant must call tools, {@code calls} (then {@code answer} is null and the
 * facts are the argument values the calls copy from the question).
 *
 * <p>A record checks that its answer has the shape its category promises: blocks exactly when parallelizable, two
 * blocks for multi-part questions.
 */
public record CorpusRecord(List<DialogTurn> history, String question, List<DialogTurn> exchange, Answer answer,
                           List<ToolInvocation> calls, List<JsonNode> tools, Category category, List<String> facts,
                           String entity, String template) {

    public CorpusRecord {
        history = List.copyOf(history);
        Objects.requireNonNull(question, "question");
        exchange = List.copyOf(exchange);
        calls = List.copyOf(calls);
        tools = List.copyOf(tools);
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(template, "template");
        facts = List.copyOf(facts);
        if (question.isBlank()) {
            throw new IllegalArgumentException("blank question for " + entity + " / " + template);
        }
        Answer.requireNoMarkup(question);
        if ((answer == null) == calls.isEmpty()) {
            throw new IllegalArgumentException("a record ends with either an answer or tool calls: " + entity);
        }
        if ((!calls.isEmpty() || !exchange.isEmpty()) && tools.isEmpty()) {
            throw new IllegalArgumentException("a tool dialog needs tools: " + entity);
        }
        if (answer == null) {
            requireCopiedArguments(question, calls, category, facts);
        } else {
            requireShape(answer, category, facts);
        }
    }

    private static void requireCopiedArguments(String question, List<ToolInvocation> calls, Category category,
                                               List<String> facts) {
        if (category.parallelizable()) {
            throw new IllegalArgumentException(category + " cannot be answered with tool calls");
        }
        String arguments = calls.stream().map(ToolInvocation::argumentsJson).reduce("", String::concat);
        for (String fact : facts) {
            if (!question.contains(fact) || !arguments.contains(fact)) {
                throw new IllegalArgumentException("argument '" + fact + "' must be copied from the question");
            }
        }
    }

    private static void requireShape(Answer answer, Category category, List<String> facts) {
        if (answer.hasBlock() != category.parallelizable()) {
            throw new IllegalArgumentException(category + " answer " + (answer.hasBlock() ? "has" : "lacks")
                    + " a block: " + answer.markup());
        }
        if (category == Category.MULTI_PART && answer.blockCount() != 2) {
            throw new IllegalArgumentException("a multi-part answer needs two blocks: " + answer.markup());
        }
        String plain = answer.plain();
        for (String fact : facts) {
            if (!plain.contains(fact)) {
                throw new IllegalArgumentException("fact '" + fact + "' missing from answer: " + plain);
            }
        }
    }

    /** A single question and answer without tools. */
    public CorpusRecord(String question, Answer answer, Category category, List<String> facts, String entity,
                        String template) {
        this(List.of(), question, List.of(), answer, List.of(), List.of(), category, facts, entity, template);
    }

    public boolean parallelizable() {
        return category.parallelizable();
    }

    /** Whether the turn to learn is tool calls rather than an answer. */
    public boolean endsWithCalls() {
        return answer == null;
    }

    public Combination combination() {
        return new Combination(category, entity, template);
    }

    public CorpusRecord withQuestionAndAnswer(String newQuestion, Answer newAnswer) {
        return new CorpusRecord(history, newQuestion, exchange, newAnswer, calls, tools, category, facts, entity,
                template);
    }

    /** The same conversation sent with {@code newTools} (a general question asked while tools are available). */
    public CorpusRecord withTools(List<JsonNode> newTools) {
        return new CorpusRecord(history, question, exchange, answer, calls, newTools, category, facts, entity,
                template);
    }
}
