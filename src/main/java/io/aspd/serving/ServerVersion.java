package io.aspd.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/** The server's version, as the build recorded it (META-INF/build-info.properties, written by spring-boot:build-info). */
public final class ServerVersion {
    private static final String BUILD_INFO = "META-INF/build-info.properties";
    private static final String VERSION = read();

    private ServerVersion() {
    }

    public static String current() {
        return VERSION;
    }

    /**
     * OpenAI's {@code system_fingerprint}: which backend produced an answer. It changes when the served model or the
     * server (engine included) changes, so that a client seeing different answers to a seeded request can tell why.
     */
    static String systemFingerprint(String modelId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((modelId + "\n" + VERSION).getBytes(StandardCharsets.UTF_8));
            return "fp_" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String read() {
        try (InputStream in = ServerVersion.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(BUILD_INFO, e);
        }
    }
}
