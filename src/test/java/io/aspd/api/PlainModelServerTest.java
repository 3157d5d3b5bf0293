package io.aspd.api;

import io.aspd.testkit.TestModelFolders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A server on {@link TestModelFolders#plain()}: gibberish answers without structure. */
abstract class PlainModelServerTest extends ServerTest {
    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("aspd.model.path", () -> TestModelFolders.plain().toString());
    }
}
