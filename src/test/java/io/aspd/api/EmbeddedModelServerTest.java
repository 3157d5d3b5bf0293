package io.aspd.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A server on the embedded model (models/aspd-mini): real answers that open real blocks. */
abstract class EmbeddedModelServerTest extends ServerTest {
    static final String EMBEDDED_MODEL = "models/aspd-mini";

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("aspd.model.path", () -> EMBEDDED_MODEL);
    }
}
