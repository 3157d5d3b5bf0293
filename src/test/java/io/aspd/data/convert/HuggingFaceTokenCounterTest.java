package io.aspd.data.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceTokenCounterTest {

    /** A word-level tokenizer: one token per whitespace/punctuation-separated word, unknown words included. */
    static final String WORD_LEVEL = """
            {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [
              {"id": 0, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false,
               "special": true}],
             "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
             "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "the": 1, "cat": 2, ".": 3}, "unk_token": "[UNK]"}}
            """;

    @Test
    void countsWithTheGivenTokenizerWithoutTruncating(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("tokenizer.json"), WORD_LEVEL);
        try (HuggingFaceTokenCounter counter = HuggingFaceTokenCounter.load(json)) {
            assertThat(counter.count("the cat sat.")).isEqualTo(4);
            assertThat(counter.count("the ".repeat(1000))).isEqualTo(1000);
            assertThat(counter.count("")).isZero();
        }
    }
}
