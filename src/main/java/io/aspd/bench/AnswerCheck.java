package io.aspd.bench;

import io.aspd.markup.AspdMarkupParser;
import java.util.List;
import java.util.Locale;

/**
 * How an evaluated answer is scored.
 * <ul>
 *   <li><b>Format validity</b>: the answer's flat markup (its generated tokens, EOS removed, decoded with special
 *       tokens) parses under the strict grammar of docs/aspd-method.md §2.</li>
 *   <li><b>Content accuracy</b>: the share of the reference answer's key facts found in the rendered answer. A fact is
 *       found when, after lower-casing and collapsing whitespace, it is a substring of the answer. The yes/no facts
 *       "Yes," and "No," must instead open the answer (after an optional greeting "Hello! "), because a bare "yes"
 *       can appear anywhere.</li>
 * </ul>
 */
final class AnswerCheck {
    private static final String GREETING = "hello! ";

    private AnswerCheck() {
    }

    static boolean formatValid(String markup) {
        return AspdMarkupParser.isValid(markup);
    }

    /** Share of {@code facts} present in {@code answer}; 1 when there are none. */
    static double factRecall(String answer, List<String> facts) {
        if (facts.isEmpty()) {
            return 1;
        }
        String text = normalize(answer);
        long found = facts.stream().filter(fact -> contains(text, normalize(fact))).count();
        return (double) found / facts.size();
    }

    private static boolean contains(String answer, String fact) {
        if (fact.equals("yes,") || fact.equals("no,")) {
            String opening = answer.startsWith(GREETING) ? answer.substring(GREETING.length()) : answer;
            return opening.startsWith(fact);
        }
        return answer.contains(fact);
    }

    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
