package io.aspd.testkit;

import io.aspd.model.InitScheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model folder for server tests, written once per test JVM (every server context of the suite shares it):
 * {@link TestModels#tinyRandom} with the small weights training starts from, so that sampled answers vary with the
 * seed. Its answers are gibberish: tests assert shapes, counts and equalities, never content. Tests that need real
 * answers with blocks use the embedded model (models/aspd-mini).
 */
public final class TestModelFolders {
    private static final long WEIGHT_SEED = 7;

    private static Path plain;

    private TestModelFolders() {
    }

    public static synchronized Path plain() {
        if (plain == null) {
            plain = TestModels.tinyRandom(newFolder("plain"), TestModels.Spec.defaults()
                    .withScheme(InitScheme.TRAINING).withSeed(WEIGHT_SEED));
        }
        return plain;
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
