package io.aspd.data.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WordPieceEstimateTest {
    private final WordPieceEstimate estimate = new WordPieceEstimate();

    /** The documented rule, walked character by character (ASCII inputs only). */
    static int reference(String text) {
        int tokens = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || Character.isDigit(c)) {
                boolean letters = Character.isLetter(c);
                int start = i;
                while (i < text.length() && (letters ? Character.isLetter(text.charAt(i))
                        : Character.isDigit(text.charAt(i)))) {
                    i++;
                }
                int per = letters ? 6 : 3;
                tokens += (i - start + per - 1) / per;
            } else {
                tokens++;
                i++;
            }
        }
        return tokens;
    }

    @Test
    void countsByTheDocumentedRule() {
        assertThat(estimate.count("")).isZero();
        assertThat(estimate.count("The cat sat.")).isEqualTo(4);
        assertThat(estimate.count("internationalisation 2025!")).isEqualTo(4 + 2 + 1);
        assertThat(estimate.count("- **Bold:** x")).isEqualTo(1 + 2 + 1 + 1 + 2 + 1);
    }

    @Test
    void agreesWithAPlainReferenceOnRandomText() {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABC0123456789 .,:-*#\n\t()";
        for (int n = 0; n < 500; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(80);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(estimate.count(text.toString())).as(text.toString()).isEqualTo(reference(text.toString()));
        }
    }
}
