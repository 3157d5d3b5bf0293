package io.aspd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code aspd.engine.threads: 0} leaves one processor to the JVM, and never asks for fewer than one thread. */
class EngineThreadsTest {

    @Test
    void theDefaultLeavesOneProcessorToTheJvm() {
        assertEquals(1, AspdProperties.Engine.defaultThreads(1));
        assertEquals(1, AspdProperties.Engine.defaultThreads(2));
        assertEquals(3, AspdProperties.Engine.defaultThreads(4));
        assertEquals(15, AspdProperties.Engine.defaultThreads(16));
    }
}
