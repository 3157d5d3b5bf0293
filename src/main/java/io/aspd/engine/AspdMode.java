package io.aspd.engine;

import java.util.Locale;

/** How a request uses ASPD. */
public enum AspdMode {
    /** The hybrid engine: branches of a block decoded together, one forward per step. */
    PARALLEL,
    /** The same ASPD semantics with the branches decoded one after another: identical tokens, no speed-up. */
    SEQUENTIAL,
    /** Plain autoregressive decoding with every ASPD token banned: what the model writes without the method. */
    OFF;

    public static AspdMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ASPD mode '" + value + "': use parallel, sequential or off");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
