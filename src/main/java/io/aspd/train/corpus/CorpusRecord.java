package io.aspd.train.corpus;

import java.util.List;
import java.util.Objects;

/**
 * One generated (question, answer) pair with what evaluation needs: its category, the facts a correct answer must
 * contain (each appears verbatim in {@link Answer#plain()}), and the entity and template it was made from.
 * A record checks that its answer has the shape its category promises: blocks exactly when parallelizable, two blocks
 * for multi-part questions.
 */
public record CorpusRecord(String question, Answer answer, Category category, List<String> facts, String entity,
                           String template) {

    public CorpusRecord {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(template, "template");
        facts = List.copyOf(facts);
        if (question.isBlank()) {
            throw new IllegalArgumentException("blank question for " + entity + " / " + template);
        }
        Answer.requireNoMarkup(question);
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

    public boolean parallelizable() {
        return category.parallelizable();
    }

    public Combination combination() {
        return new Combination(category, entity, template);
    }

    public CorpusRecord withQuestionAndAnswer(String newQuestion, Answer newAnswer) {
        return new CorpusRecord(newQuestion, newAnswer, category, facts, entity, template);
    }
}
