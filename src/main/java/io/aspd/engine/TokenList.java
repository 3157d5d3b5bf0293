package io.aspd.engine;

import java.util.Arrays;

/** A growable list of token ids without boxing. */
final class TokenList {
    private int[] items = new int[64];
    private int size;

    void add(int token) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = token;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
