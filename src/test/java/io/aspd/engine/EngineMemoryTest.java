package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.model.KvCache;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding blocks must not leak native arrays: 500 blocks later, the model holds exactly what it held before. */
class EngineMemoryTest {
    @TempDir
    Path dir;

    @Test
    void fiveHundredBlocksLeaveTheNativeArrayCountUnchanged() {
        try (EngineTestBed bed = new EngineTestBed(dir)) {
            ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary);
            for (int b = 0; b < 10; b++) {
                script.block(1, 1);
            }
            script.eos();
            int[] prompt = bed.prompt("tips please");
            int before = bed.model.nativeArrayCount();
            for (int generation = 0; generation < 50; generation++) {
                try (KvCache cache = bed.model.newCache(16)) {
                    HybridDecoder decoder = new HybridDecoder(bed.request(prompt, 2000, SamplingParams.greedy(),
                            AspdMode.PARALLEL, List.of()), bed.vocabulary, cache, 4096, generation, p -> { },
                            script.build());
                    GenerationResult result = decoder.runToEnd(bed.model);
                    assertThat(result.stats().blocks()).isEqualTo(10);
                    assertThat(bed.model.nativeArrayCount()).as("one open cache, whatever its length")
                            .isEqualTo(before + cacheArrays(bed));
                }
                assertThat(bed.model.nativeArrayCount()).as("after generation %d", generation).isEqualTo(before);
            }
        }
    }

    private static int cacheArrays(EngineTestBed bed) {
        int before = bed.model.nativeArrayCount();
        try (KvCache probe = bed.model.newCache(16)) {
            return bed.model.nativeArrayCount() - before;
        }
    }
}
