package io.aspd.train;

import io.aspd.model.Qwen2Weights;
import io.aspd.model.TensorType;
import io.aspd.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/** Writes a trained model as a Hugging Face folder: config, weights, tokenizer files and a generation config. */
final class ModelExport {
    private ModelExport() {
    }

    static void write(Qwen2Weights weights, TensorType type, Path tokenizerDir, Path out) throws IOException {
        Files.createDirectories(out);
        weights.save(out, type, 1);
        for (String file : TrainCommand.TOKENIZER_FILES) {
            Files.copy(tokenizerDir.resolve(file), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (TextTokenizer tokenizer = TextTokenizer.load(out)) {
            String eos = tokenizer.eosTokenIds().stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
            Files.writeString(out.resolve("generation_config.json"),
                    "{\n  \"eos_token_id\": [" + eos + "],\n  \"do_sample\": false\n}\n");
        }
    }
}
