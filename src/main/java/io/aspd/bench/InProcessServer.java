package io.aspd.bench;

import io.aspd.AspdServerApplication;
import io.aspd.config.AspdProperties;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server, started in this JVM on a free loopback port for a load benchmark, with the model loaded and warmed up
 * (Spring Boot returns from {@code run} only after the model service has). Settings come from the usual places
 * ({@code config/application.yml} of the working directory, the environment) plus {@code properties}.
 */
final class InProcessServer implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final URI uri;

    InProcessServer(Path model, Map<String, String> properties) {
        List<String> args = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=0",
                "--spring.main.banner-mode=off", "--aspd.model.path=" + model));
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        this.context = SpringApplication.run(AspdServerApplication.class, args.toArray(String[]::new));
        Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
        if (port == null) {
            context.close();
            throw new IllegalStateException("the in-process server did not report its port");
        }
        this.uri = URI.create("http://127.0.0.1:" + port);
    }

    URI uri() {
        return uri;
    }

    /** The server's aspd.engine.prefill-chunk-tokens, as bound. */
    int prefillChunkTokens() {
        return context.getBean(AspdProperties.class).engine().prefillChunkTokens();
    }

    @Override
    public void close() {
        context.close();
    }
}
