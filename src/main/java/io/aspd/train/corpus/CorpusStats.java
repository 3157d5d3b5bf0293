package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/** A printable summary of a corpus: counts per category, parallel share, answer lengths. */
public final class CorpusStats {

    private CorpusStats() {
    }

    public static String summary(Corpus corpus, int combinations) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "pairs: %d in all, %d held out (%d distinct pairs in training)%n",
                combinations, corpus.heldOut().size(),
                corpus.train().stream().map(CorpusRecord::combination).distinct().count()));
        out.append(String.format(Locale.ROOT, "%-14s %7s %7s %9s %14s %14s%n", "category", "train", "heldout",
                "parallel", "chars mean/p95", "words mean/p95"));
        Map<Category, List<CorpusRecord>> train = byCategory(corpus.train());
        Map<Category, List<CorpusRecord>> heldOut = byCategory(corpus.heldOut());
        for (Category category : Category.values()) {
            List<CorpusRecord> records = train.getOrDefault(category, List.of());
            out.append(String.format(Locale.ROOT, "%-14s %7d %7d %9s %14s %14s%n", category.id(), records.size(),
                    heldOut.getOrDefault(category, List.of()).size(), category.parallelizable() ? "yes" : "no",
                    meanP95(records, r -> turn(r, AnswerForm.MARKUP).length()),
                    meanP95(records, r -> words(turn(r, AnswerForm.PLAIN)))));
        }
        out.append(String.format(Locale.ROOT, "%-14s %7d %7d %9s %14s %14s%n", "all", corpus.train().size(),
                corpus.heldOut().size(), "", meanP95(corpus.train(), r -> turn(r, AnswerForm.MARKUP).length()),
                meanP95(corpus.train(), r -> words(turn(r, AnswerForm.PLAIN)))));
        out.append(String.format(Locale.ROOT, "parallel share: train %.1f%%, heldout %.1f%%%n",
                100 * parallelShare(corpus.train()), 100 * parallelShare(corpus.heldOut())));
        out.append("chars: assistant content with markup (arguments for tool calls); words: whitespace-separated words of"
                + " the plain answer\n");
        return out.toString();
    }

    private static Map<Category, List<CorpusRecord>> byCategory(List<CorpusRecord> records) {
        Map<Category, List<CorpusRecord>> map = new EnumMap<>(Category.class);
        for (CorpusRecord record : records) {
            map.computeIfAbsent(record.category(), k -> new ArrayList<>()).add(record);
        }
        return map;
    }

    static double parallelShare(List<CorpusRecord> records) {
        return records.isEmpty() ? 0 : records.stream().filter(CorpusRecord::parallelizable).count()
                / (double) records.size();
    }

    /** The text of the turn to learn: the answer, or the calls' arguments when it is tool calls. */
    private static String turn(CorpusRecord record, AnswerForm form) {
        return record.endsWithCalls()
                ? String.join(" ", record.calls().stream().map(ToolInvocation::argumentsJson).toList())
                : form.content(record.answer());
    }

    private static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static String meanP95(List<CorpusRecord> records, ToIntFunction<CorpusRecord> measure) {
        if (records.isEmpty()) {
            return "-";
        }
        int[] values = records.stream().mapToInt(measure).sorted().toArray();
        double mean = Arrays.stream(values).average().orElseThrow();
        return String.format(Locale.ROOT, "%.0f/%d", mean, Percentiles.nearestRank(values, 95));
    }
}
