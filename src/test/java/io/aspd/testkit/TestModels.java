package io.aspd.testkit;

import io.aspd.model.InitScheme;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Layout;
import io.aspd.model.SafetensorsWriter;
import io.aspd.model.TensorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loadable model folders for tests: random weights in exact Hugging Face Qwen2 layout plus the committed test
 * tokenizer (byte-level BPE, 576 tokens + 9 special ones: {@code <|endoftext|>}, {@code <|im_start|>},
 * {@code <|im_end|>} (EOS) and the six ASPD tokens) with a ChatML chat template. Writing the default tiny model takes a
 * few milliseconds.
 *
 * <pre>{@code
 * Path dir = TestModels.tinyRandom(tempDir);
 * try (CausalLm model = CausalLm.load(dir); TextTokenizer tokenizer = TextTokenizer.load(dir)) { ... }
 * }</pre>
 */
public final class TestModels {

    /** Size of the committed test tokenizer's vocabulary, special tokens included. */
    public static final int TOKENIZER_VOCAB = 585;

    private static final String RESOURCES = "/testkit/";

    private TestModels() {}

    /**
     * 2 layers, hidden 64, 4 query heads sharing 2 key/value heads (so GQA is exercised), head dim 16, MLP 128,
     * vocabulary of the test tokenizer, tied embeddings, RoPE theta 10000, 2048 positions.
     */
    public static ModelConfig tinyConfig() {
        return new ModelConfig(ModelConfig.QWEN2, TOKENIZER_VOCAB, 64, 2, 4, 2, 16, 128, 10000.0, 1e-6, true, 2048);
    }

    /** What {@link #tinyRandom(Path, Spec)} writes. */
    public record Spec(ModelConfig config, TensorType dtype, int shards, long seed, InitScheme scheme) {

        /** The tiny config, float32, one file, seed 1, weights at a scale that makes numeric tests sensitive. */
        public static Spec defaults() {
            return new Spec(tinyConfig(), TensorType.F32, 1, 1L, InitScheme.TESTING);
        }

        public Spec withConfig(ModelConfig newConfig) {
            return new Spec(newConfig, dtype, shards, seed, scheme);
        }

        public Spec withDtype(TensorType newDtype) {
            return new Spec(config, newDtype, shards, seed, scheme);
        }

        public Spec withShards(int newShards) {
            return new Spec(config, dtype, newShards, seed, scheme);
        }

        public Spec withSeed(long newSeed) {
            return new Spec(config, dtype, shards, newSeed, scheme);
        }

        public Spec withScheme(InitScheme newScheme) {
            return new Spec(config, dtype, shards, seed, newScheme);
        }
    }

    /** Writes the default tiny random model into {@code dir} and returns {@code dir}. */
    public static Path tinyRandom(Path dir) {
        return tinyRandom(dir, Spec.defaults());
    }

    /**
     * Writes {@code config.json}, the weights ({@code model.safetensors}, or shards plus index), the test tokenizer
     * files and a {@code generation_config.json} naming {@code <|im_end|>} and {@code <|endoftext|>} as EOS.
     */
    public static Path tinyRandom(Path dir, Spec spec) {
        spec.config().write(dir, spec.dtype());
        SafetensorsWriter.writeCheckpoint(
                dir, Qwen2Layout.randomTensors(spec.config(), spec.scheme(), spec.seed()), spec.dtype(), spec.shards());
        writeTokenizer(dir);
        return dir;
    }

    /** Copies the test tokenizer ({@code tokenizer.json}, {@code tokenizer_config.json}) and a generation config. */
    public static void writeTokenizer(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String name : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
                try (InputStream in = TestModels.class.getResourceAsStream(RESOURCES + name)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource " + RESOURCES + name + " is missing");
                    }
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(dir.resolve("generation_config.json"),
                    "{\n  \"eos_token_id\": [578, 576],\n  \"pad_token_id\": 576,\n  \"do_sample\": false\n}\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
