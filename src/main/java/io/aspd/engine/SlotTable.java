package io.aspd.engine;

import io.aspd.markup.BranchVisibility;
import java.util.Arrays;

/**
 * The branch group of every KV-cache slot of one sequence, in physical order. Together with {@link BranchVisibility}
 * this is the inference view's attention mask: the engine never needs to know where a slot's K/V came from otherwise.
 */
final class SlotTable {
    private int[] groups = new int[256];
    private int length;

    int length() {
        return length;
    }

    int group(int slot) {
        return groups[slot];
    }

    void append(int group) {
        if (length == groups.length) {
            groups = Arrays.copyOf(groups, length * 2);
        }
        groups[length++] = group;
    }
}
