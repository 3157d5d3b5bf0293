package io.aspd.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which examples form the batch of each step. Every epoch shuffles the examples with a generator seeded by the run
 * seed and the epoch, sorts windows of a few dozen batches by length (so little of a batch is padding) and shuffles
 * the batches. The batch of step {@code s} depends only on the seed and {@code s}, which is what makes resuming a run
 * exact.
 */
final class BatchSchedule {
    private static final int WINDOW_BATCHES = 32;

    private final List<TrainingExample> examples;
    private final int batchSize;
    private final long seed;
    private int epochInCache = -1;
    private List<List<TrainingExample>> epochBatches;

    BatchSchedule(List<TrainingExample> examples, int batchSize, long seed) {
        if (examples.size() < batchSize) {
            throw new IllegalArgumentException("need at least " + batchSize + " examples, have " + examples.size());
        }
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.seed = seed;
    }

    int batchesPerEpoch() {
        return examples.size() / batchSize;
    }

    List<TrainingExample> batch(int step) {
        int epoch = step / batchesPerEpoch();
        if (epoch != epochInCache) {
            epochBatches = batchesOf(epoch);
            epochInCache = epoch;
        }
        return epochBatches.get(step % batchesPerEpoch());
    }

    private List<List<TrainingExample>> batchesOf(int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<TrainingExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, random);
        List<List<TrainingExample>> batches = new ArrayList<>();
        int window = WINDOW_BATCHES * batchSize;
        for (int start = 0; start + batchSize <= shuffled.size(); start += window) {
            List<TrainingExample> part = new ArrayList<>(shuffled.subList(start, Math.min(start + window, shuffled.size())));
            part.sort(Comparator.comparingInt(TrainingExample::length));
            for (int b = 0; b + batchSize <= part.size(); b += batchSize) {
                batches.add(List.copyOf(part.subList(b, b + batchSize)));
            }
        }
        Collections.shuffle(batches, random);
        return batches.subList(0, batchesPerEpoch());
    }
}
