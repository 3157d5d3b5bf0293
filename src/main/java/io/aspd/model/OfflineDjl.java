package io.aspd.model;

/**
 * Keeps DJL off the network. Without these settings DJL's engine and tokenizer initialisation call a cloud metadata
 * address, and a missing native library would be downloaded; neither is possible (or wanted) in offline clusters. The
 * PyTorch natives come from the {@code pytorch-native-cpu} jar on the classpath instead. Must run before any DJL class
 * is loaded, which is why {@code main} calls it first; the environment variables (set in the Maven plugins, the Docker
 * image and the Helm chart) cover every other way of starting the JVM.
 */
public final class OfflineDjl {
    private OfflineDjl() {
    }

    public static void configure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
