package io.aspd.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.aspd.model.InitScheme;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Weights;
import io.aspd.model.TensorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny random-weight Qwen2 model folder with the test tokenizer (src/test/resources/testkit), written once per test
 * JVM. Random weights write gibberish: tests assert shapes, counts and equalities, never content.
 */
final class TinyModelFolder {
    private static Path shared;

    private TinyModelFolder() {
    }

    static synchronized Path shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("aspd-api-test-model");
                dir.toFile().deleteOnExit();
                shared = write(dir.resolve("tiny"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static Path write(Path dir) throws IOException {
        ModelConfig config = new ModelConfig(ModelConfig.QWEN2, 585, 32, 2, 4, 2, 8, 64, 10000, 1e-6, true, 512);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             Qwen2Weights weights = Qwen2Weights.random(config, manager, InitScheme.TRAINING, 7)) {
            weights.save(dir, TensorType.F32, 1);
        }
        for (String file : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            try (InputStream in = TinyModelFolder.class.getResourceAsStream("/testkit/" + file)) {
                Files.copy(in, dir.resolve(file));
            }
        }
        return dir;
    }
}
