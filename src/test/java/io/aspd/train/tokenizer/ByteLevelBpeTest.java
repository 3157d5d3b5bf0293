package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ByteLevelBpeTest {

    private static final List<String> TEXTS = List.of(
            "<|im_start|>user\nHow fast is Plus 500?<|im_end|>\n<|im_start|>assistant\n",
            "Plus 500 gives you 500 Mbps download and 50 Mbps upload for $49/month.",
            "Here are the fixes:\n<|title|>Restart<|/title|><|title|>Cables<|/title|><|para|>"
                    + "<|branch|>Restart: Restart the hub.<|/branch|><|branch|>Cables: Check the cables.<|/branch|>"
                    + "<|/para|>\nStill slow? Call us.",
            "aaaa aaaaaaa hello hello help helper 🙂 Zürich");

    private static ByteLevelBpe bpe;

    @BeforeAll
    static void train() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.addAll(TEXTS);
        }
        bpe = new ByteLevelBpe(new BpeTrainer(400, 2, SpecialTokens.ALL).train(texts));
    }

    @Test
    void encodesEachSpecialTokenAsItsOwnId() {
        BpeVocabulary vocabulary = bpe.vocabulary();
        for (String special : SpecialTokens.ALL) {
            assertThat(bpe.encode(special)).containsExactly(vocabulary.specialId(special));
            int[] inText = bpe.encode("a" + special + "b");
            assertThat(inText).hasSize(3).contains(vocabulary.specialId(special));
        }
    }

    @Test
    void decodesBackToTheExactText() {
        for (String text : TEXTS) {
            assertThat(bpe.decode(bpe.encode(text))).isEqualTo(text);
        }
        String unseen = "Ünïcödé never seen: 你好, ＦＵＬＬ\r\n\ttab 🚀🚀";
        assertThat(bpe.decode(bpe.encode(unseen))).isEqualTo(unseen);
    }

    @Test
    void mergesLikeTheReferenceAlgorithm() {
        PreTokenizer preTokenizer = new PreTokenizer(SpecialTokens.ALL);
        for (String text : TEXTS) {
            for (PreTokenizer.Piece piece : preTokenizer.split(text)) {
                if (!piece.special()) {
                    assertThat(bpe.encode(piece.text())).as(piece.text())
                            .containsExactly(referenceMerge(piece.text(), bpe.vocabulary()));
                }
            }
        }
        assertThat(bpe.encode(" hello")).hasSize(1);
    }

    /** GPT-2's loop: merge every occurrence of the lowest-ranked adjacent pair, left to right, until none is left. */
    private static int[] referenceMerge(String piece, BpeVocabulary vocabulary) {
        Map<List<Integer>, Integer> rank = new HashMap<>();
        for (int r = 0; r < vocabulary.merges().size(); r++) {
            BpeVocabulary.Merge m = vocabulary.merges().get(r);
            rank.put(List.of(m.left(), m.right()), r);
        }
        List<Integer> ids = new ArrayList<>();
        for (byte b : ByteLevelAlphabet.decode(ByteLevelAlphabet.encode(piece))) {
            ids.add(b & 0xFF);
        }
        while (true) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < ids.size(); i++) {
                bestRank = Math.min(bestRank, rank.getOrDefault(List.of(ids.get(i), ids.get(i + 1)), Integer.MAX_VALUE));
            }
            if (bestRank == Integer.MAX_VALUE) {
                return ids.stream().mapToInt(Integer::intValue).toArray();
            }
            BpeVocabulary.Merge merge = vocabulary.merges().get(bestRank);
            for (int i = 0; i + 1 < ids.size(); i++) {
                if (ids.get(i) == merge.left() && ids.get(i + 1) == merge.right()) {
                    ids.set(i, merge.result());
                    ids.remove(i + 1);
                }
            }
        }
    }
}
