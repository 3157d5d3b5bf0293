package io.aspd.model;

import java.nio.file.Path;

/**
 * Everything loaded from one model folder: the transformer, its tokenizer and its chat template. The server, the
 * benchmark and the evaluation all start from here.
 *
 * @param name the folder's name, used as the model id when none is configured
 */
public record ModelBundle(Path dir, String name, CausalLm model, TextTokenizer tokenizer, ChatTemplate chatTemplate)
        implements AutoCloseable {

    public static ModelBundle load(Path dir) {
        ChatTemplate chatTemplate = ChatTemplate.load(dir);
        TextTokenizer tokenizer = TextTokenizer.load(dir);
        try {
            return new ModelBundle(dir, dir.toAbsolutePath().normalize().getFileName().toString(), CausalLm.load(dir),
                    tokenizer, chatTemplate);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
    }
}
