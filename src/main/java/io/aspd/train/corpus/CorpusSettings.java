package io.aspd.train.corpus;

/**
 * How much to generate and how to split it.
 *
 * @param trainSize number of training records, split over the categories by weight; each training pair is used
 *                  once before any is repeated
 * @param heldOutFraction share of each category's (entity, template) pairs kept out of training
 * @param maxHeldOutPerCategory cap on held-out pairs per category, so the large categories don't dominate evaluation
 */
public record CorpusSettings(long seed, int trainSize, double heldOutFraction, int maxHeldOutPerCategory) {

    public static final long DEFAULT_SEED = 7;
    public static final int DEFAULT_TRAIN_SIZE = 40_000;
    public static final double DEFAULT_HELD_OUT_FRACTION = 0.2;
    public static final int DEFAULT_MAX_HELD_OUT_PER_CATEGORY = 80;

    public CorpusSettings {
        if (trainSize <= 0) {
            throw new IllegalArgumentException("trainSize must be positive");
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1)");
        }
        if (maxHeldOutPerCategory < 1) {
            throw new IllegalArgumentException("maxHeldOutPerCategory must be at least 1");
        }
    }

    public static CorpusSettings defaults() {
        return new CorpusSettings(DEFAULT_SEED, DEFAULT_TRAIN_SIZE, DEFAULT_HELD_OUT_FRACTION,
                DEFAULT_MAX_HELD_OUT_PER_CATEGORY);
    }
}
