package io.aspd.api;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A server on the plain test model with room for tool signatures: the tool-calling test classes share its context (and
 * its loaded model).
 */
abstract class ToolServerTest extends PlainModelServerTest {
    /** Tool signatures in the system turn take some 450 tokens of the test tokenizer: more than the shared 512. */
    @DynamicPropertySource
    static void longerContext(DynamicPropertyRegistry registry) {
        registry.add("aspd.engine.context-length", () -> 2048);
    }
}
