package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.aspd.testkit.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forwards must not leave native arrays behind: the count under the model's manager stays constant. */
class MemoryStabilityTest {

    @Test
    void hundredsOfStepsLeaveTheNativeArrayCountUnchanged() {
        Random random = new Random(9);
        ModelConfig config = TestModels.tinyConfig();
        int pool = 2 * config.numLayers() + 1; // K and V per layer, and the slots' tags, allocated once
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Qwen2Weights weights = Qwen2Weights.random(config, manager, InitScheme.TESTING, 2);
            CausalLm model = CausalLm.of(weights);
            KvCache branched = model.newCache(2);
            KvCache serial = model.newCache(2);
            int baseline = model.nativeArrayCount();
            assertEquals(weights.parameters().size() + pool, baseline, "parameters plus the KV pool");

            List<Integer> counts = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                // alternate four branch rows sharing one position with single rows; two sequences per forward;
                // both caches keep growing, which takes more pool blocks
                int rows = step % 3 == 0 ? 4 : 1;
                int cached = branched.length();
                int[] positions = new int[rows];
                java.util.Arrays.fill(positions, step);
                boolean[] wantLogits = new boolean[rows];
                wantLogits[0] = true;
                AttentionMask siblings = (row, slot) -> slot < cached || slot == cached + row;
                model.forward(List.of(
                        new SequenceRows(branched, random.ints(rows, 0, config.vocabSize()).toArray(), positions,
                                siblings, wantLogits),
                        SequenceRows.causal(serial, new int[] {random.nextInt(config.vocabSize())}, step)));
                counts.add(model.nativeArrayCount());
            }
            assertEquals(List.of(baseline), counts.stream().distinct().toList(), "array count after each step");
            assertEquals(600, branched.length());
            assertEquals(300, serial.length());

            // the measure is sensitive: an array left behind on the weights' manager shows up; caches take pool
            // blocks, not arrays, and give them back when closed
            weights.manager().create(new float[] {1f});
            assertEquals(baseline + 1, model.nativeArrayCount());
            long reserved = model.kvCacheUsage().reservedSlots();
            KvCache extra = model.newCache(1);
            assertEquals(baseline + 1, model.nativeArrayCount());
            assertEquals(reserved + KvPool.BLOCK_SIZE, model.kvCacheUsage().reservedSlots());
            extra.close();
            serial.close();
            assertEquals(600, model.kvCacheUsage().usedSlots(), "closing a cache frees its slots");
            assertEquals(reserved - KvPool.blocksFor(serial.capacity()) * KvPool.BLOCK_SIZE,
                    model.kvCacheUsage().reservedSlots(), "and its blocks");
        }
    }
}
