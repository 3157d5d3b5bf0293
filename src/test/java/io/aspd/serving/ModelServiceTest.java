package io.aspd.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.config.AspdProperties;
import io.aspd.config.TestProperties;
import io.aspd.engine.EngineObserver;
import io.aspd.model.ModelLoadException;
import io.aspd.testkit.TestModelFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

class ModelServiceTest {

    @Test
    void untilItHasLoadedTheModelIsNotReadyAndItsHealthIsDown() {
        ModelService models = new ModelService(TestProperties.withAdmission(4, 4), EngineObserver.NONE);

        assertThat(models.state()).isEqualTo(ModelState.LOADING);
        assertThat(models.ready()).isEmpty();
        assertThat(models.modelId()).isEqualTo("aspd-mini");
        assertThat(new ModelHealthIndicator(models).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aFolderThatIsNotAModelFailsTheStartWithItsName(@TempDir Path empty) {
        ModelService models = new ModelService(TestProperties.withModel(empty, TestProperties.defaultEngine()),
                EngineObserver.NONE);

        assertThatThrownBy(() -> models.run(null)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(empty.toString());
        assertThat(models.state()).isEqualTo(ModelState.FAILED);
        assertThat(new ModelHealthIndicator(models).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aContextLongerThanTheModelsPositionsIsRefused() {
        AspdProperties.Engine tooLong = new AspdProperties.Engine(0, 8, 256, 100_000, 32, 8, 512, 0, false, true, 32);
        ModelService models = new ModelService(TestProperties.withModel(TestModelFolders.plain(), tooLong),
                EngineObserver.NONE);
        try {
            assertThatThrownBy(() -> models.run(null)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("100000").hasMessageContaining("max_position_embeddings");
        } finally {
            models.destroy();
        }
    }

    @Test
    void aKvCachePoolSmallerThanOneContextIsRefused() {
        AspdProperties.Engine smallPool = new AspdProperties.Engine(0, 8, 256, 256, 32, 8, 512, 255, false, true, 32);
        ModelService models = new ModelService(TestProperties.withModel(TestModelFolders.plain(), smallPool),
                EngineObserver.NONE);
        try {
            assertThatThrownBy(() -> models.run(null)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("aspd.engine.kv-cache-tokens 255").hasMessageContaining("256");
        } finally {
            models.destroy();
        }
    }

    @Test
    void aSamplingValueNoRequestCouldAskForFailsTheLoadUnlessTheModelsSamplingIsIgnored(@TempDir Path folder)
            throws IOException {
        try (Stream<Path> files = Files.list(TestModelFolders.plain())) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        Files.writeString(folder.resolve("generation_config.json"), "{\"eos_token_id\": [578], \"temperature\": 3}");
        AspdProperties withFileSampling = TestProperties.withModel(folder, TestProperties.defaultEngine());
        ModelService failing = new ModelService(withFileSampling, EngineObserver.NONE);
        assertThatThrownBy(() -> failing.run(null)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("generation_config.json").hasMessageContaining("temperature");

        AspdProperties ignoringIt = TestProperties.bind(
                Map.of("aspd.model.path", folder.toString(), "aspd.model.generation-config", "false"));
        ModelService loading = new ModelService(ignoringIt, EngineObserver.NONE);
        try {
            loading.run(null);
            assertThat(loading.ready()).isPresent();
        } finally {
            loading.destroy();
        }
    }
}
