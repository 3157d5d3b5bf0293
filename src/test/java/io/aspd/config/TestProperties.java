package io.aspd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@link AspdProperties} with the documented defaults, for unit tests that change one section. */
public final class TestProperties {
    private TestProperties() {
    }

    /** Admission's capacity: {@code maxSequences} generations at once (the engine's batch) and {@code maxQueue} waiting. */
    public static AspdProperties withAdmission(int maxSequences, int maxQueue) {
        return withAdmission(maxSequences, maxQueue, new AspdProperties.RateLimit(false, 10));
    }

    public static AspdProperties withAdmission(int maxSequences, int maxQueue, AspdProperties.RateLimit rateLimit) {
        AspdProperties.Engine defaults = defaultEngine();
        AspdProperties.Engine engine = new AspdProperties.Engine(defaults.threads(), defaults.maxBranches(),
                defaults.maxBranchTokens(), defaults.contextLength(), defaults.maxBatchRows(), maxSequences,
                defaults.defaultMaxTokens(), defaults.kvCacheTokens(), defaults.halfPrecisionLmHead(),
                defaults.prefixCaching(), defaults.prefillChunkTokens());
        return new AspdProperties(new AspdProperties.Model(Path.of("models/aspd-mini"), null, null, true), engine,
                new AspdProperties.Admission(null, maxQueue, Duration.ofSeconds(30), Duration.ofSeconds(300),
                        rateLimit),
                new AspdProperties.Security(List.of()), new AspdProperties.Cors(List.of()),
                new AspdProperties.Metrics(Path.of("models/aspd-mini/benchmark.json")),
                new AspdProperties.Api(Duration.ofSeconds(5), Duration.ofSeconds(30),
                        Duration.ofSeconds(120)));
    }

    public static AspdProperties withModel(Path folder, AspdProperties.Engine engine) {
        AspdProperties defaults = withAdmission(16, 16);
        return new AspdProperties(new AspdProperties.Model(folder, null, null, true), engine, defaults.admission(),
                defaults.security(), defaults.cors(), defaults.metrics(), defaults.api());
    }

    public static AspdProperties.Engine defaultEngine() {
        return new AspdProperties.Engine(0, 8, 256, 0, 64, 16, 512, 0, false, true, 16);
    }

    /** Binds {@code settings} to {@code aspd.*} as the server binds its configuration. */
    public static AspdProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("aspd", AspdProperties.class);
    }

    /** The innermost cause: the validation message a failed bind carries. */
    public static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
