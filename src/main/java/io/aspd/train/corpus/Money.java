package io.aspd.train.corpus;

import java.util.Locale;

/** Dollar amounts as the assistant writes them: whole dollars with a thousands separator ("$1,855"). */
final class Money {

    private Money() {
    }

    static String format(int dollars) {
        if (dollars < 0) {
            throw new IllegalArgumentException("negative amount " + dollars);
        }
        return String.format(Locale.ROOT, "$%,d", dollars);
    }
}
