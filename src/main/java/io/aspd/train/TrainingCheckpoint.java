package io.aspd.train;

import ai.djl.ndarray.NDManager;
import io.aspd.model.Qwen2Weights;
import io.aspd.model.SafetensorsReader;
import io.aspd.model.SafetensorsWriter;
import io.aspd.model.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A resumable snapshot of a run: the weights as a loadable model folder (float32), the optimizer's moments and the
 * step. Written to a fresh folder and then moved into place, so that a run killed while saving keeps its previous
 * checkpoint.
 */
final class TrainingCheckpoint {
    private static final String FIRST_MOMENTS = "adamw-m.safetensors";
    private static final String SECOND_MOMENTS = "adamw-v.safetensors";
    private static final String STATE = "trainer-state.properties";

    private final Path dir;

    TrainingCheckpoint(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    boolean exists() {
        return Files.exists(dir.resolve(STATE));
    }

    void save(Qwen2Weights weights, AdamW optimizer, int step) {
        Path staging = dir.resolveSibling(dir.getFileName() + ".saving");
        try {
            deleteRecursively(staging);
            weights.save(staging, TensorType.F32, 1);
            SafetensorsWriter.write(staging.resolve(FIRST_MOMENTS), optimizer.moments(true), TensorType.F32);
            SafetensorsWriter.write(staging.resolve(SECOND_MOMENTS), optimizer.moments(false), TensorType.F32);
            Files.writeString(staging.resolve(STATE), "step=" + step + "\noptimizer_steps=" + optimizer.steps() + "\n");
            deleteRecursively(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint to " + dir, e);
        }
    }

    Qwen2Weights loadWeights(NDManager manager) {
        return Qwen2Weights.load(dir, manager);
    }

    /** Restores the optimizer; returns the step to continue from. */
    int restore(AdamW optimizer) {
        try {
            Properties state = new Properties();
            try (var in = Files.newBufferedReader(dir.resolve(STATE))) {
                state.load(in);
            }
            optimizer.restore(SafetensorsReader.readAll(dir.resolve(FIRST_MOMENTS)),
                    SafetensorsReader.readAll(dir.resolve(SECOND_MOMENTS)),
                    Integer.parseInt(state.getProperty("optimizer_steps")));
            return Integer.parseInt(state.getProperty("step"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + dir, e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
