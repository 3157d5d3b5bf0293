package io.aspd.api;

import java.util.Arrays;
import java.util.List;

/** Token ids as JSON arrays carry them. */
final class TokenIds {
    private TokenIds() {
    }

    static List<Integer> of(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }
}
