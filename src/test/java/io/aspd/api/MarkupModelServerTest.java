package io.aspd.api;

import io.aspd.testkit.TestModelFolders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A server on {@link TestModelFolders#markup()}: sampled answers with blocks and branches. */
abstract class MarkupModelServerTest extends ServerTest {
    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("aspd.model.path", () -> TestModelFolders.markup().toString());
    }
}
