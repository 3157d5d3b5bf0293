package io.aspd.data.convert;

/**
 * Counts the tokens of a text, for the parallel share of a candidate. Implementations must be thread-safe; closing
 * releases what a counter holds (a native tokenizer), and is a no-op for the others.
 */
public interface TokenCounter extends AutoCloseable {
    int count(String text);

    @Override
    default void close() {
    }
}
