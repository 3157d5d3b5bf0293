package io.aspd.data.rules;

import io.aspd.data.convert.BlockLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives short, unique branch titles from items. The source is the item's label (bold lead-in or heading) when it has
 * one, else its first clause (up to the first sentence or clause punctuation). Markdown and link syntax and a leading
 * number ("2. ") are removed, then whole words are kept while the title fits the limits, and trailing function words
 * are dropped ("Drink at" -> "Drink"). A title that repeats an earlier one in the block gets the item's number
 * appended; an item with no usable words is titled "Item k".
 */
final class TitleMaker {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*\\d+[.)]\\s+");
    private static final Pattern CLAUSE_END = Pattern.compile("[.:;!?,()\\n]|\\s[-–—]\\s");
    private static final Pattern NOT_TITLE_TEXT = Pattern.compile("[^\\p{L}\\p{N}\\s&+/'’-]");
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "to", "and", "or", "at", "in", "on",
            "for", "with", "by", "from", "as", "is", "are", "be", "your", "my", "our", "their", "its", "this", "that", "-");

    private final BlockLimits limits;

    TitleMaker(BlockLimits limits) {
        this.limits = limits;
    }

    List<String> titles(List<CandidateRun.Item> items) {
        List<String> titles = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int k = 0; k < items.size(); k++) {
            String title = shorten(source(items.get(k)));
            if (title.isEmpty() || used.contains(title)) {
                title = numbered(title, k + 1, used);
            }
            used.add(title);
            titles.add(title);
        }
        return titles;
    }

    private static String source(CandidateRun.Item item) {
        String text = item.label() != null ? item.label() : item.content();
        text = LEADING_NUMBER.matcher(LINK.matcher(text).replaceAll("$1")).replaceFirst("");
        Matcher end = CLAUSE_END.matcher(text);
        if (end.find() && end.start() > 0) {
            text = text.substring(0, end.start());
        }
        return NOT_TITLE_TEXT.matcher(text).replaceAll(" ").strip();
    }

    /** Whole words while they fit the limits; a first word that is too long alone is cut. */
    private String shorten(String text) {
        List<String> words = new ArrayList<>();
        int length = 0;
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int grown = words.isEmpty() ? word.length() : length + 1 + word.length();
            if (words.size() == limits.maxTitleWords() || grown > limits.maxTitleChars()) {
                if (words.isEmpty()) {
                    words.add(word.substring(0, limits.maxTitleChars()));
                }
                break;
            }
            words.add(word);
            length = grown;
        }
        while (words.size() > 1 && FUNCTION_WORDS.contains(words.get(words.size() - 1).toLowerCase(Locale.ROOT))) {
            words.remove(words.size() - 1);
        }
        return String.join(" ", words);
    }

    /** {@code base} (or "Item") with a number appended that makes it unique, words dropped until it fits. */
    private String numbered(String base, int number, Set<String> used) {
        for (int n = number; ; n++) {
            String suffix = " " + n;
            List<String> words = new ArrayList<>(List.of((base.isEmpty() ? "Item" : base).split(" ")));
            while (!words.isEmpty() && !limits.titleFits(String.join(" ", words) + suffix)) {
                words.remove(words.size() - 1);
            }
            String candidate = words.isEmpty() ? String.valueOf(n) : String.join(" ", words) + suffix;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }
}
