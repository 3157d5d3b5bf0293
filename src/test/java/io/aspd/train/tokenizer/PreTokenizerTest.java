package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PreTokenizerTest {

    private final PreTokenizer preTokenizer = new PreTokenizer(SpecialTokens.ALL);

    private List<String> pieces(String text) {
        return preTokenizer.split(text).stream().map(PreTokenizer.Piece::text).toList();
    }

    @Test
    void isolatesSpecialTokensAndSplitsTheTextBetweenThem() {
        List<PreTokenizer.Piece> pieces = preTokenizer.split("Fixes:\n<|title|>Restart<|/title|><|para|>x");

        assertThat(pieces).extracting(PreTokenizer.Piece::text)
                .containsExactly("Fixes", ":\n", "<|title|>", "Restart", "<|/title|>", "<|para|>", "x");
        assertThat(pieces).extracting(PreTokenizer.Piece::special)
                .containsExactly(false, false, true, false, true, true, false);
    }

    @Test
    void keepsTheColonOfABranchTitleApartFromTheBody() {
        assertThat(pieces("Restart: Turn it off")).containsExactly("Restart", ":", " Turn", " it", " off");
        assertThat(pieces("Price: $49/month")).containsExactly("Price", ":", " $", "4", "9", "/month");
        assertThat(pieces("Ports: 4 ports")).containsExactly("Ports", ":", " ", "4", " ports");
        assertThat(pieces("Hub (rent): it")).containsExactly("Hub", " (", "rent", "):", " it");
    }

    @Test
    void splitsDigitsContractionsAndWhitespaceLikeQwen() {
        assertThat(pieces("I'd pay $1,855.")).containsExactly("I", "'d", " pay", " $", "1", ",", "8", "5", "5", ".");
        assertThat(pieces("WE'LL see")).containsExactly("WE", "'LL", " see");
        // The last space before a word goes with the word, as in GPT-2.
        assertThat(pieces("a  b\n\n  c ")).containsExactly("a", " ", " b", "\n\n", " ", " c", " ");
    }

    @Test
    void losesNothing() {
        String text = "Zürich café 🙂\t\u00a0x\r\n<|im_start|>user\nWhat's up?<|im_end|>\n  ";

        assertThat(preTokenizer.split(text).stream().map(PreTokenizer.Piece::text).collect(Collectors.joining()))
                .isEqualTo(text);
    }
}
