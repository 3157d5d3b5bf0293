package io.aspd.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model folder the integration tests serve: the embedded model, which the image ships, unless the system property
 * {@value #PROPERTY} names another Hugging Face folder ({@code mvn verify -Daspd.it.model=/path/to/model}), e.g. to try
 * a retrained model before it replaces the embedded one. The served model id stays {@code aspd.model.name}.
 *
 * @param folder   config.json, the weights and the tokenizer files
 * @param embedded whether it is the folder the image embeds, so that a container needs no model volume
 */
record ModelUnderTest(Path folder, boolean embedded) {
    static final String PROPERTY = "aspd.it.model";
    /** Where the repository keeps the model the image embeds (docker/Dockerfile's MODEL_DIR). */
    static final Path EMBEDDED = Path.of("models", "aspd-mini");
    private static final List<String> REQUIRED_FILES = List.of("config.json", "tokenizer.json");

    ModelUnderTest {
        for (String file : REQUIRED_FILES) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new IllegalStateException(folder.toAbsolutePath() + " is not a model folder: it has no " + file
                        + ". The embedded model belongs in " + EMBEDDED + "; point -D" + PROPERTY
                        + "=<folder> at another one.");
            }
        }
    }

    static ModelUnderTest configured() {
        String configured = System.getProperty(PROPERTY, "").trim();
        Path folder = configured.isEmpty() ? EMBEDDED : Path.of(configured);
        return new ModelUnderTest(folder, sameFolder(folder, EMBEDDED));
    }

    private static boolean sameFolder(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
