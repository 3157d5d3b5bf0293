package io.aspd.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class's one {@link EngineTestBed}: loaded before its first test, closed after its last. Test classes run one
 * after another, so the static field is each class's own while it runs; a subclass's own {@code @BeforeAll} runs after
 * the bed is loaded.
 */
abstract class SharedEngineTestBed {
    @TempDir
    static Path dir;
    static EngineTestBed bed;

    @BeforeAll
    static void loadBed() {
        bed = new EngineTestBed(dir);
    }

    @AfterAll
    static void closeBed() {
        bed.close();
    }
}
