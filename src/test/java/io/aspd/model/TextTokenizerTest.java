package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aspd.testkit.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {

    @TempDir
    static Path dir;

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        TestModels.writeTokenizer(dir);
        tokenizer = TextTokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void roundTripKeepsSpecialTokensAndMultiByteCharacters() {
        String text = "Here are the fixes:<|title|>Café<|/title|><|title|>Zürich 🙂<|/title|><|para|>"
                + "<|branch|>Café: 日本語 ok.<|/branch|>\n\n<|branch|>Zürich 🙂: naïve ∑ x²<|/branch|><|/para|>Done."
                + "<|im_end|>";
        int[] ids = tokenizer.encode(text);
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void specialTokensInTextBecomeSingleIds() {
        int para = tokenizer.tokenId("<|para|>").orElseThrow();
        assertArrayEquals(new int[] {para}, tokenizer.encode("<|para|>"));
        int[] ids = tokenizer.encode("x<|para|><|para|>y");
        assertEquals(2, IntStream.of(ids).filter(id -> id == para).count());
        assertEquals("<|para|>", tokenizer.decode(new int[] {para}));
    }

    @Test
    void knowsItsSpecialTokensVocabularyAndEos() {
        List<String> aspd = List.of("<|title|>", "<|/title|>", "<|para|>", "<|/para|>", "<|branch|>", "<|/branch|>");
        Set<Integer> aspdIds = aspd.stream().map(t -> tokenizer.tokenId(t).orElseThrow()).collect(Collectors.toSet());
        assertEquals(6, aspdIds.size());
        assertTrue(tokenizer.specialTokenIds().containsAll(aspdIds));
        assertEquals(Set.of(576, 577, 578, 579, 580, 581, 582, 583, 584), tokenizer.specialTokenIds());
        assertTrue(tokenizer.isSpecial(tokenizer.tokenId("<|im_end|>").orElseThrow()));
        int plain = tokenizer.encode("a")[0];
        assertFalse(tokenizer.isSpecial(plain));
        assertEquals(TestModels.TOKENIZER_VOCAB, tokenizer.vocabSize());
        assertEquals(List.of(578, 576), List.copyOf(tokenizer.eosTokenIds()), "generation_config order");
        assertEquals(OptionalInt.empty(), tokenizer.tokenId("<|nonexistent|>"));
        assertArrayEquals(new int[] {tokenizer.tokenId("Ġthe").orElseThrow()}, tokenizer.encode(" the"));
    }

    @Test
    void eosFallsBackToTokenizerConfigWithoutGenerationConfig(@TempDir Path other) throws IOException {
        TestModels.writeTokenizer(other);
        Files.delete(other.resolve("generation_config.json"));
        try (TextTokenizer withoutGenerationConfig = TextTokenizer.load(other)) {
            assertEquals(Set.of(578), withoutGenerationConfig.eosTokenIds());
        }
    }

    @Test
    void longTextsAreNeverTruncated() {
        String text = IntStream.range(0, 1500).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        int[] ids = tokenizer.encode(text);
        assertTrue(ids.length > 2000, "got " + ids.length + " ids");
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void missingTokenizerFileIsNamed(@TempDir Path empty) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> TextTokenizer.load(empty));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
    }
}
