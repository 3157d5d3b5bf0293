package io.aspd.data.convert;

/** Counts the tokens of a text, for the parallel share of a candidate. Implementations must be thread-safe. */
public interface TokenCounter {
    int count(String text);
}
