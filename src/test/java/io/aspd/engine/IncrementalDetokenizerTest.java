package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncrementalDetokenizerTest {
    private final FakeByteTokenizer tokenizer = new FakeByteTokenizer();

    @Test
    void neverEmitsHalfACharacterWhenMultiByteCharactersAreSplitAcrossTokens() {
        String text = "Zürich café 🙂 — 日本";
        int[] ids = tokenizer.bytesOf(text);
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(tokenizer::decode);
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            String delta = detokenizer.push(id);
            assertThat(delta).doesNotContain("\uFFFD");
            out.append(delta);
        }
        out.append(detokenizer.flush());
        assertThat(out.toString()).isEqualTo(text);
    }

    @Test
    void releasesWholeTokensAsSoonAsTheyAreComplete() {
        int hello = tokenizer.add("Hello");
        int space = tokenizer.add(" world");
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(tokenizer::decode);
        assertThat(detokenizer.push(hello)).isEqualTo("Hello");
        assertThat(detokenizer.push(space)).isEqualTo(" world");
        assertThat(detokenizer.flush()).isEmpty();
    }

    @Test
    void flushReleasesAnIncompleteCharacterAtTheEndOfAStream() {
        byte[] euro = "€".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int first = tokenizer.add(euro[0]);
        int second = tokenizer.add(euro[1]);
        IncrementalDetokenizer detokenizer = new IncrementalDetokenizer(tokenizer::decode);
        assertThat(detokenizer.push(first)).isEmpty();
        assertThat(detokenizer.push(second)).isEmpty();
        assertThat(detokenizer.flush()).isEqualTo(tokenizer.decode(new int[] {first, second}));
    }
}
