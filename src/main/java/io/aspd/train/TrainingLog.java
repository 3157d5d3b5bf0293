package io.aspd.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loss history of a run, kept as CSV ({@code step,train_loss,heldout_loss,learning_rate,tokens_per_second}) next
 * to the checkpoint so that a resumed run continues the same curve.
 */
final class TrainingLog {
    record Point(int step, double trainLoss, double heldoutLoss, double learningRate, double tokensPerSecond) {
    }

    private static final String HEADER = "step,train_loss,heldout_loss,learning_rate,tokens_per_second";
    private final Path file;
    private final List<Point> points = new ArrayList<>();

    TrainingLog(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.equals(HEADER)) {
                        String[] f = line.split(",");
                        points.add(new Point(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                                Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Keeps only points up to {@code step}, the checkpoint's step (its evaluation was logged before it was saved): a
     * resumed run continues from its checkpoint, not from the last log line.
     */
    void truncateAfter(int step) {
        points.removeIf(p -> p.step() > step);
        rewrite();
    }

    /** Forgets the points of an earlier run in the same work folder: a fresh run starts a fresh curve. */
    void clear() {
        points.clear();
        rewrite();
    }

    void add(Point point) {
        points.add(point);
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER + "\n");
            }
            Files.writeString(file, format(point), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    private void rewrite() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        points.forEach(p -> out.append(format(p)));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(Point p) {
        return String.format(Locale.ROOT, "%d,%.5f,%.5f,%.6g,%.1f%n", p.step(), p.trainLoss(), p.heldoutLoss(),
                p.learningRate(), p.tokensPerSecond());
    }
}
