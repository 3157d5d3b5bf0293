package io.aspd.train;

/** Linear warm-up to the peak rate, then cosine decay to the floor at the last step. */
record LearningRateSchedule(double peak, double floor, int warmupSteps, int totalSteps) {
    LearningRateSchedule {
        if (peak <= 0 || floor < 0 || floor > peak || warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("invalid learning-rate schedule");
        }
    }

    double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
