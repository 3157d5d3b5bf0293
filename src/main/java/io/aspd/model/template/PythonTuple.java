package io.aspd.model.template;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A Python tuple: an immutable list that prints with parentheses, {@code ('a', 1)}. Methods that return tuples in
 * Python ({@code partition}, the pairs of {@code dict.items()}) return one, so that printing them matches.
 */
final class PythonTuple extends AbstractList<Object> {

    private final List<Object> items;

    PythonTuple(Object... items) {
        this.items = Arrays.asList(items.clone());
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
