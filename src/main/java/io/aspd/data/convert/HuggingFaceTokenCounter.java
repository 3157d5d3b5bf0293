package io.aspd.data.convert;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Exact token counts from a Hugging Face {@code tokenizer.json}, loaded offline through DJL's native tokenizers. */
public final class HuggingFaceTokenCounter implements TokenCounter {
    private final HuggingFaceTokenizer tokenizer;

    private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads {@code tokenizerJson}; no special tokens are added and nothing is truncated: counts cover the whole text. */
    public static HuggingFaceTokenCounter load(Path tokenizerJson) throws IOException {
        return new HuggingFaceTokenCounter(HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
    }

    @Override
    public int count(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
