package io.aspd.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The server's executable jar as {@code mvn package} leaves it; integration tests run after that phase. */
final class ServerJar {
    private static final Path TARGET = Path.of("target");

    private ServerJar() {
    }

    /** {@code target/aspd-server-<version>.jar}, relative to the repository root. */
    static Path locate() {
        List<Path> jars;
        try (Stream<Path> files = Files.list(TARGET)) {
            jars = files.filter(file -> file.getFileName().toString().matches("aspd-server-[^/]+\\.jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + TARGET + "; run `mvn package` first", e);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one server jar in " + TARGET + " but found " + jars
                    + "; run `mvn verify` (or `mvn package` before the integration tests)");
        }
        return jars.get(0);
    }
}
