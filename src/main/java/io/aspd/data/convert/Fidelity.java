package io.aspd.data.convert;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The deterministic fidelity check: the text a user would see from the markup must be the original answer. Whitespace is
 * normalised first: leading and trailing whitespace is ignored and every run of whitespace (spaces, tabs, line breaks of
 * any length) counts as one space. Whether there is whitespace still matters, so a rewrite that glues
 * {@code "options:\n- a"} into {@code "options:- a"} fails.
 */
public final class Fidelity {
    private static final Pattern WHITESPACE_RUN = Pattern.compile("(?U)\\s+");
    private static final int CONTEXT = 30;

    private Fidelity() {
    }

    public static String normalise(String text) {
        return WHITESPACE_RUN.matcher(text.strip()).replaceAll(" ");
    }

    /** Empty when {@code rendered} restores {@code original}; otherwise where and how the two differ. */
    public static Optional<String> difference(String original, String rendered) {
        String expected = normalise(original);
        String actual = normalise(rendered);
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        return Optional.of("rendered text differs from the answer at normalised character " + at + ": expected '"
                + excerpt(expected, at) + "', found '" + excerpt(actual, at) + "'");
    }

    private static String excerpt(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + CONTEXT));
    }
}
