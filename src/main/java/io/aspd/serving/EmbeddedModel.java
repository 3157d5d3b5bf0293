package io.aspd.serving;

import io.aspd.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The default model, carried inside the jar (resources under {@code models/aspd-mini/}, see the pom), so that
 * {@code java -jar aspd-server.jar} serves it from any working directory. The loaders read folders, so the files are
 * unpacked once into {@code <java.io.tmpdir>/aspd-server/aspd-mini-<content hash>}: a later start with the same jar
 * finds that folder and reuses it; another jar (other weights) gets its own. Unpacking goes to a scratch folder that is
 * renamed into place, so that a start interrupted half-way, or two servers starting at once, never leave a partial
 * model behind.
 */
final class EmbeddedModel {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedModel.class);
    static final String RESOURCES = "models/aspd-mini/";

    private EmbeddedModel() {
    }

    static Path unpack() {
        return unpack(Path.of(System.getProperty("java.io.tmpdir"), "aspd-server"));
    }

    static Path unpack(Path cache) {
        try {
            Resource[] files = Arrays.stream(new PathMatchingResourcePatternResolver().getResources(
                            "classpath*:" + RESOURCES + "*"))
                    .filter(Resource::isReadable)
                    .sorted(Comparator.comparing(Resource::getFilename))
                    .toArray(Resource[]::new);
            if (files.length == 0) {
                throw new ModelLoadException("aspd.model.path is not set and this build carries no embedded model ("
                        + RESOURCES + "); set aspd.model.path (ASPD_MODEL_PATH) to a model folder");
            }
            Path target = cache.resolve("aspd-mini-" + contentHash(files));
            if (Files.isDirectory(target)) {
                return target;
            }
            Files.createDirectories(cache);
            Path scratch = Files.createTempDirectory(cache, "unpacking-");
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    Files.copy(in, scratch.resolve(file.getFilename()));
                }
            }
            try {
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
                log.info("Unpacked the embedded model to {}", target);
            } catch (FileSystemException e) {
                deleteTree(scratch);
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another server unpacked the same model meanwhile
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded model into " + cache
                    + "; set java.io.tmpdir to a writable folder, or aspd.model.path to a model folder", e);
        }
    }

    private static String contentHash(Resource[] files) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (Resource file : files) {
            digest.update(file.getFilename().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new DigestInputStream(file.getInputStream(), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
