package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How people actually type a question: with synonyms ("modem" for "router"), a typo, a sentence of context or a
 * lead-in before it, a closer after it, a greeting in front, in lower case, or without punctuation. Only the surface
 * changes, never the facts asked about: product names are protected from synonyms and typos. A greeted question gets
 * a greeted answer; nothing else changes the answer.
 * <p>
 * Training questions draw phrases and typo kinds only from the training part of the pools, held-out questions only
 * from the held-out part, and held-out questions are paraphrased more often (every one at least once), so the held-out
 * set measures robustness to wordings training never showed.
 */
final class QuestionStyle {

    /** How often each change applies to a question of one split. */
    record Rates(double synonym, double typo, double leadIn, double context, double closer) {
    }

    static final Rates TRAIN_RATES = new Rates(0.35, 0.15, 0.10, 0.15, 0.12);
    static final Rates HELD_OUT_RATES = new Rates(0.6, 0.35, 0.2, 0.35, 0.3);
    static final double GREETING_RATE = 0.12;
    static final double LOWER_CASE_RATE = 0.06;
    static final double NO_PUNCTUATION_RATE = 0.10;
    static final double DOUBLE_QUESTION_MARK_RATE = 0.03;
    /** Chance that a context sentence runs into the question with a comma ("I've been with you for years, what ..."). */
    static final double COMMA_JOIN_RATE = 0.4;
    static final String ANSWER_GREETING = "Hello! ";

    /** First words that are capitalised only because they start the sentence, so "Hi, what ..." reads right. */
    private static final Set<String> SENTENCE_WORDS = Set.of("what", "what's", "which", "how", "can", "could", "do",
            "does", "is", "tell", "give", "please", "any", "should", "compare", "help", "when", "where",
            "why", "will", "we", "if", "total", "my", "the", "two", "walk", "step", "troubleshooting", "list", "are");

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z'-]*");
    /** Typos only touch plain lower-case words long enough to stay recognisable. */
    private static final Pattern TYPO_CANDIDATE = Pattern.compile("[a-z]{4,}");

    private final List<String> greetings;
    private final Phrasing phrasing;
    /** Product names and aliases in lower case, kept exactly as written whatever else changes. */
    private final List<String> protectedNames;
    private final Map<String, Phrasing.Variants> synonymOf;
    private final Map<String, Phrasing.Variants> misspellingOf;

    QuestionStyle(List<String> greetings, Phrasing phrasing, Collection<String> protectedNames) {
        this.greetings = List.copyOf(greetings);
        this.phrasing = phrasing;
        this.protectedNames = protectedNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct()
                .toList();
        this.synonymOf = phrasing.synonyms().stream()
                .collect(Collectors.toMap(Phrasing.Variants::word, Function.identity()));
        this.misspellingOf = phrasing.misspellings().stream()
                .collect(Collectors.toMap(Phrasing.Variants::word, Function.identity()));
    }

    CorpusRecord apply(CorpusRecord record, RandomGenerator random, PhrasingSplit split) {
        String question = record.question();
        Answer answer = record.answer();
        boolean smallTalk = record.category() == Category.GREETING || record.category() == Category.THANKS;
        if (!smallTalk) {
            question = paraphrase(question, random, split);
            if (random.nextDouble() < GREETING_RATE) {
                question = greet(question, Wording.pick(greetings, random));
                answer = answer.withOpening(ANSWER_GREETING);
            }
        }
        if (random.nextDouble() < LOWER_CASE_RATE) {
            question = question.toLowerCase(Locale.ROOT);
        }
        double punctuation = random.nextDouble();
        if (punctuation < NO_PUNCTUATION_RATE) {
            question = withoutPunctuation(question);
        } else if (punctuation < NO_PUNCTUATION_RATE + DOUBLE_QUESTION_MARK_RATE && question.endsWith("?")) {
            question = question + "?";
        }
        return record.withQuestionAndAnswer(question, answer);
    }

    /** Word-level changes first (they must see the template's own words), then the sentences around it. */
    private String paraphrase(String question, RandomGenerator random, PhrasingSplit split) {
        Rates rates = split == PhrasingSplit.TRAIN ? TRAIN_RATES : HELD_OUT_RATES;
        boolean changed = false;
        if (random.nextDouble() < rates.synonym()) {
            String replaced = replaceSynonyms(question, random, split);
            changed = !replaced.equals(question);
            question = replaced;
        }
        if (random.nextDouble() < rates.typo()) {
            String typo = typo(question, random, split);
            changed |= !typo.equals(question);
            question = typo;
        }
        if (random.nextDouble() < rates.leadIn()) {
            question = join(Wording.pick(phrasing.leadIns().of(split), random), question);
            changed = true;
        }
        boolean context = random.nextDouble() < rates.context();
        // A held-out question always differs from every training wording in at least one held-out phrase.
        if (context || (split == PhrasingSplit.HELD_OUT && !changed)) {
            String sentence = Wording.pick(phrasing.contexts().of(split), random);
            question = random.nextDouble() < COMMA_JOIN_RATE && startsWithSentenceWord(question)
                    ? sentence.replaceAll("[.!]$", ",") + " " + Wording.decapitalize(question)
                    : sentence + " " + question;
        }
        if (random.nextDouble() < rates.closer()) {
            question = question + " " + Wording.pick(phrasing.closers().of(split), random);
        }
        return question;
    }

    /** Replaces every unprotected occurrence of one word that has synonyms, all with the same synonym. */
    private String replaceSynonyms(String question, RandomGenerator random, PhrasingSplit split) {
        List<Word> words = freeWords(question).stream().filter(w -> synonymOf.containsKey(w.text())).toList();
        if (words.isEmpty()) {
            return question;
        }
        String word = Wording.pick(words, random).text();
        String synonym = Wording.pick(synonymOf.get(word).of(split), random);
        return rewrite(question, words.stream().filter(w -> w.text().equals(word)).toList(), synonym);
    }

    /**
     * One typo in one unprotected word: a common misspelling of that word when the pool has one, otherwise a slip of
     * the fingers. Training slips swap two adjacent letters or drop one; held-out slips double a letter.
     */
    private String typo(String question, RandomGenerator random, PhrasingSplit split) {
        List<Word> candidates = freeWords(question).stream()
                .filter(w -> misspellingOf.containsKey(w.text()) || TYPO_CANDIDATE.matcher(w.text()).matches())
                .toList();
        if (candidates.isEmpty()) {
            return question;
        }
        Word word = Wording.pick(candidates, random);
        Phrasing.Variants misspellings = misspellingOf.get(word.text());
        String typo = misspellings != null
                ? Wording.pick(misspellings.of(split), random)
                : slip(word.text(), random, split);
        return rewrite(question, List.of(word), typo);
    }

    /** A mechanical typo that keeps the first letter, so the word stays recognisable. */
    static String slip(String word, RandomGenerator random, PhrasingSplit split) {
        int i = 1 + random.nextInt(word.length() - 1);
        if (split == PhrasingSplit.HELD_OUT) {
            return word.substring(0, i + 1) + word.substring(i);
        }
        if (random.nextBoolean() && i < word.length() - 1 && word.charAt(i) != word.charAt(i + 1)) {
            return word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
        }
        return word.substring(0, i) + word.substring(i + 1);
    }

    private record Word(int start, int end, String text) {
    }

    /** The words of the question outside every protected product name. */
    private List<Word> freeWords(String question) {
        boolean[] locked = new boolean[question.length()];
        // Case-insensitive: a template may capitalise a name at the start ("The Hub 7 Pro router or ...").
        String lower = question.toLowerCase(Locale.ROOT);
        for (String name : protectedNames) {
            for (int at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
                for (int i = at; i < at + name.length(); i++) {
                    locked[i] = true;
                }
            }
        }
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(question);
        while (m.find()) {
            boolean free = true;
            for (int i = m.start(); i < m.end() && free; i++) {
                free = !locked[i];
            }
            if (free) {
                words.add(new Word(m.start(), m.end(), m.group()));
            }
        }
        return words;
    }

    /** The question with each of {@code words} (in order of position) replaced by {@code replacement}. */
    private static String rewrite(String question, List<Word> words, String replacement) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Word word : words) {
            out.append(question, at, word.start()).append(replacement);
            at = word.end();
        }
        return out.append(question.substring(at)).toString();
    }

    /** "Quick question:" + "How do I ..." reads "Quick question: how do I ..."; after a full stop it stays upper-case. */
    private static String join(String leadIn, String question) {
        boolean runsOn = !leadIn.matches(".*[.?!]$") && startsWithSentenceWord(question);
        return leadIn + " " + (runsOn ? Wording.decapitalize(question) : question);
    }

    private static boolean startsWithSentenceWord(String question) {
        return SENTENCE_WORDS.contains(question.split("[\\s,:]", 2)[0].toLowerCase(Locale.ROOT));
    }

    /** Drops sentence punctuation but keeps the dots and hyphens inside names ("pebblenet.example", "Wi-Fi"). */
    private static String withoutPunctuation(String question) {
        return question.replaceAll("[?!,:]", "").replaceAll("\\.(\\s|$)", "$1").strip();
    }

    private static String greet(String question, String greeting) {
        return startsWithSentenceWord(question)
                ? greeting + ", " + Wording.decapitalize(question)
                : greeting + "! " + question;
    }
}
