package io.aspd.train;

/**
 * Hyper-parameters of one training run.
 *
 * @param batchSize          conversations per step
 * @param maxLength          longer conversations are left out (with a count in the log)
 * @param steps              optimizer steps in the whole run
 * @param warmupSteps        linear warm-up steps
 * @param learningRate       peak learning rate
 * @param minLearningRate    learning rate at the last step (cosine decay)
 * @param weightDecay        decoupled weight decay of matrices
 * @param gradientClip       global gradient-norm limit
 * @param evalEvery          steps between held-out evaluations
 * @param checkpointEvery    steps between checkpoints
 * @param seed               seeds the initial weights and the batch order
 * @param plain              train on answers with the markup rendered away (the serial-only baseline)
 */
public record TrainingSettings(int batchSize, int maxLength, int steps, int warmupSteps, double learningRate,
                               double minLearningRate, double weightDecay, double gradientClip, int evalEvery,
                               int checkpointEvery, long seed, boolean plain) {
    public TrainingSettings {
        if (batchSize < 1 || maxLength < 8 || steps < 1 || evalEvery < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("batch size, max length, steps and intervals must be positive");
        }
    }

    LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, minLearningRate, Math.min(warmupSteps, steps - 1), steps);
    }
}
