package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.model.ChatTemplate;
import io.aspd.model.TextTokenizer;
import io.aspd.train.ChatRecords;
import io.aspd.train.ExampleEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Training keeps conversations of at most {@link #MAX_TOKENS} tokens with the shipped tokenizer and chat template;
 * the corpus must fit that budget almost always, or the richer answers would simply be left out of training. The
 * budget is the model's context (1,024 positions): a conversation with tools carries their signatures in the system
 * turn, 300–600 tokens with this small tokenizer, which never saw JSON schemas when it was trained.
 */
class CorpusLengthTest {

    static final int MAX_TOKENS = 1024;
    private static final Path MODEL = Path.of("models", "aspd-mini");

    @Test
    void atLeast99PercentOfConversationsFitTheTrainingLength() {
        CorpusGenerator generator = new CorpusGenerator(Company.load(), new CorpusSettings(7, 2_000, 0.2, 80));
        Corpus corpus = generator.generate();
        SplittableRandom random = new SplittableRandom(3);
        List<CorpusRecord> records = new ArrayList<>(corpus.train());
        records.addAll(corpus.heldOut());
        generator.combinations().forEach(c -> records.add(generator.record(c, random)));

        Map<Category, int[]> overByCategory = new TreeMap<>();
        int over = 0;
        try (TextTokenizer tokenizer = TextTokenizer.load(MODEL)) {
            String eos = tokenizer.decode(new int[] {tokenizer.eosTokenIds().stream().min(Integer::compare).orElseThrow()});
            ExampleEncoder encoder = new ExampleEncoder(ChatTemplate.load(MODEL), tokenizer, eos, false);
            for (CorpusRecord record : records) {
                int length = encoder.encode(ChatRecords.parse(CorpusJsonl.toJson(record, AnswerForm.MARKUP))).length();
                int[] counts = overByCategory.computeIfAbsent(record.category(), k -> new int[3]);
                counts[0]++;
                counts[2] = Math.max(counts[2], length);
                if (length > MAX_TOKENS) {
                    counts[1]++;
                    over++;
                }
            }
        }
        overByCategory.forEach((category, counts) ->
                System.out.printf("%-14s %6d records, %5d over %d tokens, longest %d%n", category.id(), counts[0],
                        counts[1], MAX_TOKENS, counts[2]));
        assertThat(over).as("conversations over %d tokens of %d", MAX_TOKENS, records.size())
                .isLessThanOrEqualTo(records.size() / 100);
    }
}
