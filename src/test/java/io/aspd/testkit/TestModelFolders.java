package io.aspd.testkit;

import io.aspd.model.FloatTensor;
import io.aspd.model.InitScheme;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Layout;
import io.aspd.model.SafetensorsWriter;
import io.aspd.model.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Model folders for server tests, written once per test JVM (every server context of the suite shares them). Their
 * answers are gibberish: tests assert shapes, counts and equalities, never content.
 * <ul>
 *   <li>{@link #plain()}: {@link TestModels#tinyRandom} with the small weights training starts from, so that sampled
 *       answers vary with the seed; ASPD markup is as unlikely as any other token.
 *   <li>{@link #markup()}: the same shape with untied embeddings, steered so that, under the engine's grammar,
 *       sampled answers open blocks of several branches: every token's embedding gets a shared component, and the LM
 *       head reads that component with a fixed preference per token (a unigram prior favouring the ASPD tokens).
 *       This exercises parallel decoding and the ordered merge end to end. Greedy decoding with it writes titles
 *       forever; use sampling.
 * </ul>
 * Tests that need meaningful answers use the embedded model (models/aspd-mini) instead.
 */
public final class TestModelFolders {
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
            plain = TestModels.tinyRandom(newFolder("plain"), TestModels.Spec.defaults()
                    .withScheme(InitScheme.TRAINING).withSeed(WEIGHT_SEED));
        }
        return plain;
    }

    public static synchronized Path markup() {
        if (markup == null) {
            ModelConfig tiny = TestModels.tinyConfig();
            ModelConfig untied = new ModelConfig(tiny.modelType(), tiny.vocabSize(), tiny.hiddenSize(),
                    tiny.numLayers(), tiny.numHeads(), tiny.numKvHeads(), tiny.headDim(), tiny.intermediateSize(),
                    tiny.ropeTheta(), tiny.rmsNormEps(), false, tiny.maxPositionEmbeddings());
            Map<String, FloatTensor> tensors = Qwen2Layout.randomTensors(untied, InitScheme.TRAINING, WEIGHT_SEED);
            steerTowardsMarkup(tensors, untied);
            Path dir = newFolder("markup");
            untied.write(dir);
            SafetensorsWriter.writeCheckpoint(dir, tensors, TensorType.F32, 1);
            TestModels.writeTokenizer(dir);
            markup = dir;
        }
        return markup;
    }

    /**
     * Gives every embedding a large first component, which RMSNorm turns into about sqrt(hidden) while the random
     * rest stays small; the LM head's first column then sets each token's logit to its preference.
     */
    private static void steerTowardsMarkup(Map<String, FloatTensor> tensors, ModelConfig config) {
        int hidden = config.hiddenSize();
        float[] embeddings = tensors.get(Qwen2Layout.EMBED_TOKENS).values();
        float[] head = tensors.get(Qwen2Layout.LM_HEAD).values();
        double normalised = Math.sqrt(hidden);
        for (int token = 0; token < config.vocabSize(); token++) {
            embeddings[token * hidden] += 1.0f;
            head[token * hidden] = (float) (MARKUP_PREFERENCES.getOrDefault(token, 0.0) / normalised);
        }
    }

    private static Path newFolder(String name) {
        try {
            Path dir = Files.createTempDirectory("aspd-server-test-").resolve(name);
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
