package io.aspd.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.aspd.model.CausalLm;
import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.model.KvCache;
import io.aspd.model.SequenceRows;
import io.aspd.model.TensorType;
import io.aspd.model.TextTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture other packages build on: a folder that loads as model, tokenizer and chat template together. */
class TestModelsTest {

    @TempDir
    Path dir;

    @Test
    void tinyRandomFolderServesAChatPrompt() {
        TestModels.tinyRandom(dir);
        try (CausalLm model = CausalLm.load(dir); TextTokenizer tokenizer = TextTokenizer.load(dir)) {
            ChatTemplate template = ChatTemplate.load(dir);
            assertFalse(template.isFallback());
            int[] prompt = tokenizer.encode(template.render(List.of(new ChatMessage("user", "Hello!")), true));
            assertEquals(tokenizer.vocabSize(), model.config().vocabSize());
            try (KvCache cache = model.newCache(prompt.length + 8)) {
                float[] logits = model.forward(List.of(SequenceRows.causal(cache, prompt, 0))).get(0)[0];
                assertEquals(model.config().vocabSize(), logits.length);
                assertEquals(prompt.length, cache.length());
            }
        }
    }

    @Test
    void seedsAndDtypesGiveDifferentButLoadableModels() {
        Path a = TestModels.tinyRandom(dir.resolve("a"));
        Path b = TestModels.tinyRandom(dir.resolve("b"), TestModels.Spec.defaults().withSeed(2));
        Path c = TestModels.tinyRandom(dir.resolve("c"),
                TestModels.Spec.defaults().withDtype(TensorType.BF16).withShards(2));
        float[] first = lastLogits(a);
        assertNotEquals(Arrays.toString(first), Arrays.toString(lastLogits(b)), "another seed, other weights");
        assertEquals(first.length, lastLogits(c).length);
    }

    private static float[] lastLogits(Path dir) {
        try (CausalLm model = CausalLm.load(dir); KvCache cache = model.newCache(4)) {
            return model.forward(List.of(SequenceRows.causal(cache, new int[] {1, 2, 3}, 0))).get(0)[0];
        }
    }
}
