package io.aspd.train.corpus;

import java.util.Locale;

/**
 * What kind of question a record is. The first five have independent parts and are answered with ASPD blocks; the
 * rest must stay serial (their parts depend on each other, or there is only one part). The {@code tool_*} categories
 * are tool dialogs (see {@link ToolDialogIntent}); only two independent tool results are answered with a block.
 * {@code trainingWeight} is the category's relative share of training records: the first twelve add up to 100, about
 * half parallel, half serial, so the model sees both decisions equally often; follow-ups and tool dialogs add 22.
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
    OUT_OF_DOMAIN(false, 4),
    FOLLOW_UP(false, 4),
    TOOL_CALL(false, 5),
    TOOL_CALLS(false, 3),
    TOOL_ANSWER(false, 5),
    TOOL_ANSWERS(true, 3),
    TOOL_MISSING(false, 2);

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
