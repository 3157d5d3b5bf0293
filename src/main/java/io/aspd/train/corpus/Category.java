package io.aspd.train.corpus;

import java.util.Locale;

/**
 * What kind of question a record is. The first five have independent parts and are answered with ASPD blocks; the
 * rest must stay serial (their parts depend on each other, or there is only one part). {@code trainingWeight} is the
 * share of training records drawn from the category, in percent: about half parallel, half serial, so the model sees
 * both decisions equally often.
 */
public enum Category {
    OPTIONS(true, 10),
    TIPS(true, 10),
    COMPARISON(true, 9),
    OVERVIEW(true, 9),
    MULTI_PART(true, 10),
    PROCEDURE(false, 12),
    FACT(false, 12),
    YES_NO(false, 9),
    ARITHMETIC(false, 10),
    GREETING(false, 3),
    THANKS(false, 2),
    OUT_OF_DOMAIN(false, 4);

    private final boolean parallelizable;
    private final int trainingWeight;

    Category(boolean parallelizable, int trainingWeight) {
        this.parallelizable = parallelizable;
        this.trainingWeight = trainingWeight;
    }

    public boolean parallelizable() {
        return parallelizable;
    }

    public int trainingWeight() {
        return trainingWeight;
    }

    /** The name written to the JSON lines ("multi_part"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Category fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
