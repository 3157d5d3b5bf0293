package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aspd.train.corpus.AnswerForm;
import io.aspd.train.corpus.Company;
import io.aspd.train.corpus.CorpusGenerator;
import io.aspd.train.corpus.CorpusRecord;
import io.aspd.train.corpus.CorpusSettings;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    private static List<String> corpusTexts(int records) {
        List<CorpusRecord> train = new CorpusGenerator(Company.load(), new CorpusSettings(5, records, 0.2, 80))
                .generate().train();
        return train.stream().filter(r -> !r.endsWithCalls()).map(r -> ChatMl.render(List.of(new ChatMl.Message("user", r.question()),
                new ChatMl.Message("assistant", AnswerForm.MARKUP.content(r.answer()))), false)).toList();
    }

    @Test
    void learnsTheSameMergesAsANaiveTrainerThatRecountsEveryPair() {
        BpeTrainer trainer = new BpeTrainer(700, 2, SpecialTokens.ALL);
        Map<String, Long> counts = trainer.countPieces(corpusTexts(400));

        BpeVocabulary fast = trainer.train(counts);
        List<int[]> naive = naiveMerges(counts, 700 - 256 - SpecialTokens.ALL.size(), 2);

        assertThat(fast.merges()).hasSize(naive.size());
        for (int i = 0; i < naive.size(); i++) {
            BpeVocabulary.Merge merge = fast.merges().get(i);
            assertThat(new int[] {merge.left(), merge.right()}).as("merge %d", i).isEqualTo(naive.get(i));
        }
    }

    @Test
    void breaksTiesByTheSmallerLeftThenRightId() {
        BpeTrainer trainer = new BpeTrainer(256 + 9 + 2, 1, SpecialTokens.ALL);

        BpeVocabulary vocabulary = trainer.train(Map.of("cd", 3L, "ab", 3L, "ba", 3L));

        assertThat(vocabulary.merges()).extracting(m -> vocabulary.tokens().get(m.result()))
                .containsExactly("ab", "ba");
    }

    @Test
    void stopsAtTheVocabularySizeOrWhenPairsBecomeRare() {
        Map<String, Long> counts = Map.of(" hello", 5L, " help", 1L);

        BpeVocabulary capped = new BpeTrainer(256 + 9 + 3, 1, SpecialTokens.ALL).train(counts);
        BpeVocabulary rare = new BpeTrainer(4096, 2, SpecialTokens.ALL).train(counts);

        assertThat(capped.size()).isEqualTo(256 + 9 + 3);
        assertThat(rare.tokens()).contains("Ġhello").doesNotContain("Ġhelp");
        assertThat(rare.specialId(SpecialTokens.IM_END)).isEqualTo(rare.tokens().size() + 2);
    }

    /** Straight from the definition: count every adjacent pair in every piece, merge the most frequent, repeat. */
    private static List<int[]> naiveMerges(Map<String, Long> counts, int maxMerges, int minFrequency) {
        List<List<Integer>> words = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        counts.forEach((piece, count) -> {
            List<Integer> ids = new ArrayList<>();
            for (byte b : ByteLevelAlphabet.decode(ByteLevelAlphabet.encode(piece))) {
                ids.add(b & 0xFF);
            }
            words.add(ids);
            weights.add(count);
        });
        Map<String, Integer> tokenIds = new HashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
            tokenIds.put(tokens.get(b), b);
        }
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<List<Integer>, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                for (int i = 0; i + 1 < words.get(w).size(); i++) {
                    pairs.merge(List.of(words.get(w).get(i), words.get(w).get(i + 1)), weights.get(w), Long::sum);
                }
            }
            List<Integer> best = null;
            long bestCount = 0;
            for (Map.Entry<List<Integer>, Long> e : pairs.entrySet()) {
                List<Integer> p = e.getKey();
                long c = e.getValue();
                if (c > bestCount || (c == bestCount && (p.get(0) < best.get(0)
                        || (p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))))) {
                    best = p;
                    bestCount = c;
                }
            }
            if (best == null || bestCount < minFrequency) {
                break;
            }
            String merged = tokens.get(best.get(0)) + tokens.get(best.get(1));
            int result = tokenIds.computeIfAbsent(merged, t -> {
                tokens.add(t);
                return tokens.size() - 1;
            });
            merges.add(new int[] {best.get(0), best.get(1)});
            for (List<Integer> word : words) {
                for (int i = 0; i + 1 < word.size(); i++) {
                    if (word.get(i).equals(best.get(0)) && word.get(i + 1).equals(best.get(1))) {
                        word.set(i, result);
                        word.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}
