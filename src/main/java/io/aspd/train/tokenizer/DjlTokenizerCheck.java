package io.aspd.train.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * Loads a written {@code tokenizer.json} with DJL's native Hugging Face tokenizer (the one the server uses) and checks
 * texts against it: the ids must equal the Java encoder's and decoding must give the text back exactly.
 */
public final class DjlTokenizerCheck implements AutoCloseable {

    /** Raw text in, ids out: no added BOS/EOS, no truncation (the default cuts at 512), no padding. */
    public static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    /** What went wrong with one text, for the report. */
    public record Mismatch(String text, String problem) {
    }

    private final HuggingFaceTokenizer tokenizer;

    public DjlTokenizerCheck(Path dir) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve(HuggingFaceTokenizerFiles.TOKENIZER_JSON),
                OPTIONS);
    }

    public HuggingFaceTokenizer tokenizer() {
        return tokenizer;
    }

    public List<Mismatch> check(List<String> texts, ByteLevelBpe encoder) {
        return texts.stream().map(text -> check(text, encoder)).filter(m -> m != null).toList();
    }

    private Mismatch check(String text, ByteLevelBpe encoder) {
        long[] ids = tokenizer.encode(text).getIds();
        long[] expected = Arrays.stream(encoder.encode(text)).asLongStream().toArray();
        if (!Arrays.equals(ids, expected)) {
            return new Mismatch(text, "ids differ: DJL " + Arrays.toString(ids) + " vs Java " + Arrays.toString(expected));
        }
        String decoded = tokenizer.decode(ids, false);
        if (!decoded.equals(text)) {
            return new Mismatch(text, "DJL decodes to '" + decoded + "'");
        }
        return null;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
