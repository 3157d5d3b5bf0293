package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How pieces of text are attributed to tokens when a character is split over several tokens. */
class VisibleTextTest {
    private final FakeByteTokenizer tokenizer = new FakeByteTokenizer();
    private final List<TextPiece> pieces = new ArrayList<>();
    private final VisibleText text = new VisibleText(tokenizer::decode, List.of(), pieces::add);

    private static TokenLogprob logprob(int id) {
        return new TokenLogprob(id, "t" + id, -1f, List.of());
    }

    @Test
    void theTokenThatCompletesACharacterCarriesItAndTheTokensBeforeItAreEmpty() {
        int[] bytes = tokenizer.bytesOf("ü!");
        text.startSerial();
        for (int id : bytes) {
            text.token(id, logprob(id));
        }
        text.finish();
        assertThat(pieces).extracting(TextPiece::text).containsExactly("", "ü", "!");
        assertThat(pieces).extracting(p -> p.logprob().tokenId()).containsExactly(bytes[0], bytes[1], bytes[2]);
    }

    @Test
    void aCharacterLeftIncompleteAtTheEndIsCarriedByItsFirstToken() {
        int[] bytes = tokenizer.bytesOf("ü");
        text.startSerial();
        text.token(bytes[0], logprob(bytes[0]));
        text.finish();
        assertThat(pieces).hasSize(1);
        assertThat(pieces.get(0).text()).isEqualTo(tokenizer.decode(new int[] {bytes[0]})).isNotEmpty();
        assertThat(pieces.get(0).logprob().tokenId()).isEqualTo(bytes[0]);
    }
}
