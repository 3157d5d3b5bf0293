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
import java.nio.file.StandardCopyOption;

/** A tiny random-weight Qwen2 model folder with the test tokenizer (the one of src/test/resources/testkit). */
final class TinyModelFolder {
    private TinyModelFolder() {
    }

    static Path write(Path dir) {
        ModelConfig config = new ModelConfig(ModelConfig.QWEN2, 585, 32, 2, 4, 2, 8, 64, 10000, 1e-6, true, 512);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             Qwen2Weights weights = Qwen2Weights.random(config, manager, InitScheme.TESTING, 7)) {
            weights.save(dir, TensorType.F32, 1);
        }
        for (String file : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            try (InputStream in = TinyModelFolder.class.getResourceAsStream("/testkit/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
