package io.aspd.testkit;

import io.aspd.model.FloatTensor;
import io.aspd.model.InitScheme;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Layout;
import io.aspd.model.SafetensorsWriter;
import io.aspd.model.TensorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tiny random-weight Qwen2 model folders with the test tokenizer (src/test/resources/testkit), written once per test
 * JVM. Their answers are gibberish: tests assert shapes, counts and equalities, never content.
 * <ul>
 *   <li>{@link #plain()}: random weights as training starts from; ASPD markup is as unlikely as any other token.
 *   <li>{@link #markup()}: random weights steered so that, under the engine's grammar, sampled answers open blocks of
 *       several branches: every token's embedding gets a shared component, and the LM head reads that component with
 *       a fixed preference per token (a unigram prior favouring the ASPD tokens). Answers then have blocks, titles
 *       and branches, which exercises parallel decoding and the ordered merge end to end. Greedy decoding with it
 *       writes titles forever; use sampling.
 * </ul>
 * Replace with the embedded model (models/aspd-mini) for tests that need meaningful answers.
 */
public final class TestModelFolders {
    private static final int VOCAB = 585;
    private static final int HIDDEN = 32;
    private static final long WEIGHT_SEED = 7;
    /** Logit preferences of the markup model, by token id in the test tokenizer; every other token gets 0. */
    private static final Map<Integer, Double> MARKUP_PREFERENCES = Map.of(
            578, 3.5, // <|im_end|>: EOS, so that most answers end after a block or two
            579, 4.0, // <|title|>
            580, 6.0, // <|/title|>: titles of a token or two
            581, 3.0, // <|para|>: after two or more titles
            584, 4.0); // <|/branch|>: bodies of about ten tokens

    private static Path plain;
    private static Path markup;

    private TestModelFolders() {
    }

    public static synchronized Path plain() {
        if (plain == null) {
            plain = write("plain", new ModelConfig(ModelConfig.QWEN2, VOCAB, HIDDEN, 2, 4, 2, 8, 64, 10000, 1e-6,
                    true, 512), tensors -> { });
        }
        return plain;
    }

    public static synchronized Path markup() {
        if (markup == null) {
            markup = write("markup", new ModelConfig(ModelConfig.QWEN2, VOCAB, HIDDEN, 2, 4, 2, 8, 64, 10000, 1e-6,
                    false, 1024), TestModelFolders::steerTowardsMarkup);
        }
        return markup;
    }

    /**
     * Gives every embedding a large first component, which RMSNorm turns into about sqrt(hidden) while the random
     * rest stays small; the LM head's first column then sets each token's logit to its preference.
     */
    private static void steerTowardsMarkup(Map<String, FloatTensor> tensors) {
        float[] embeddings = tensors.get(Qwen2Layout.EMBED_TOKENS).values();
        float[] head = tensors.get(Qwen2Layout.LM_HEAD).values();
        double normalised = Math.sqrt(HIDDEN);
        for (int token = 0; token < VOCAB; token++) {
            embeddings[token * HIDDEN] += 1.0f;
            head[token * HIDDEN] = (float) (MARKUP_PREFERENCES.getOrDefault(token, 0.0) / normalised);
        }
    }

    private static Path write(String name, ModelConfig config,
                              java.util.function.Consumer<Map<String, FloatTensor>> adjust) {
        try {
            Path dir = Files.createTempDirectory("aspd-api-test-").resolve(name);
            Files.createDirectories(dir);
            Map<String, FloatTensor> tensors = Qwen2Layout.randomTensors(config, InitScheme.TRAINING, WEIGHT_SEED);
            adjust.accept(tensors);
            config.write(dir);
            SafetensorsWriter.writeCheckpoint(dir, tensors, TensorType.F32, 1);
            for (String file : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
                try (InputStream in = TestModelFolders.class.getResourceAsStream("/testkit/" + file)) {
                    Files.copy(in, dir.resolve(file));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
