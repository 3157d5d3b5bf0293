package io.aspd.train.corpus;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How people actually type a question: sometimes with a greeting in front, in lower case, or without the final
 * punctuation. Only the surface changes; a greeted question gets a greeted answer.
 */
final class QuestionStyle {

    static final double GREETING_RATE = 0.12;
    static final double LOWER_CASE_RATE = 0.06;
    static final double NO_PUNCTUATION_RATE = 0.10;
    static final double DOUBLE_QUESTION_MARK_RATE = 0.03;
    static final String ANSWER_GREETING = "Hello! ";

    /** First words that are capitalised only because they start the sentence, so "Hi, what ..." reads right. */
    private static final Set<String> SENTENCE_WORDS = Set.of("what", "what's", "which", "how", "can", "could", "do",
            "does", "is", "tell", "give", "i'd", "i'm", "please", "any", "should", "compare", "help", "when", "where",
            "why", "will", "we", "if", "total", "my", "the", "two", "walk", "step", "troubleshooting", "list");

    private final List<String> greetings;

    QuestionStyle(List<String> greetings) {
        this.greetings = List.copyOf(greetings);
    }

    CorpusRecord apply(CorpusRecord record, RandomGenerator random) {
        String question = record.question();
        Answer answer = record.answer();
        boolean smallTalk = record.category() == Category.GREETING || record.category() == Category.THANKS;
        if (!smallTalk && random.nextDouble() < GREETING_RATE) {
            question = greet(question, Wording.pick(greetings, random));
            answer = answer.withOpening(ANSWER_GREETING);
        }
        if (random.nextDouble() < LOWER_CASE_RATE) {
            question = question.toLowerCase(Locale.ROOT);
        }
        double punctuation = random.nextDouble();
        if (punctuation < NO_PUNCTUATION_RATE) {
            question = question.replaceAll("[?.!]+$", "");
        } else if (punctuation < NO_PUNCTUATION_RATE + DOUBLE_QUESTION_MARK_RATE && question.endsWith("?")) {
            question = question + "?";
        }
        return record.withQuestionAndAnswer(question, answer);
    }

    private static String greet(String question, String greeting) {
        String firstWord = question.split("[\\s,:]", 2)[0].toLowerCase(Locale.ROOT);
        return SENTENCE_WORDS.contains(firstWord)
                ? greeting + ", " + Wording.decapitalize(question)
                : greeting + "! " + question;
    }
}
