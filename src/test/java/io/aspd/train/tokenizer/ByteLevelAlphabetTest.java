package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ByteLevelAlphabetTest {

    @Test
    void mapsEveryByteToADistinctVisibleCharacter() {
        Set<Character> chars = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevelAlphabet.charOf(b);
            chars.add(c);
            assertThat(Character.isWhitespace(c) || Character.isISOControl(c)).as("byte %d", b).isFalse();
        }
        assertThat(chars).hasSize(256);
    }

    @Test
    void matchesTheGpt2TableOnItsWellKnownEntries() {
        assertThat(ByteLevelAlphabet.charOf('A')).isEqualTo('A');
        assertThat(ByteLevelAlphabet.charOf(' ')).isEqualTo('\u0120'); // Ġ
        assertThat(ByteLevelAlphabet.charOf('\n')).isEqualTo('\u010A'); // Ċ
        assertThat(ByteLevelAlphabet.charOf(0)).isEqualTo('\u0100');
        assertThat(ByteLevelAlphabet.charOf(0xAD)).isEqualTo('\u0143'); // soft hyphen is the last moved byte
        assertThat(ByteLevelAlphabet.charOf(0xE9)).isEqualTo('\u00E9');
    }

    @Test
    void roundTripsAnyBytes() {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        assertThat(ByteLevelAlphabet.decode(ByteLevelAlphabet.encode(all))).isEqualTo(all);
        assertThat(ByteLevelAlphabet.encode("é 🙂")).isEqualTo("Ã©ĠðŁĻĤ");
        assertThatThrownBy(() -> ByteLevelAlphabet.decode("\u4e00")).isInstanceOf(IllegalArgumentException.class);
    }
}
