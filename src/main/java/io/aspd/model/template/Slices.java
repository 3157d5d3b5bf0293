package io.aspd.model.template;

import com.hubspot.jinjava.objects.SafeString;
import java.util.ArrayList;
import java.util.List;

/** Python's slice arithmetic ({@code slice.indices}), for {@code x[a:b:c]} and string methods' start/end arguments. */
final class Slices {

    private Slices() {
    }

    /** {@code value[start:stop:step]} of a string or a list; null bounds are Python's omitted ones. */
    static Object slice(Object value, Object start, Object stop, Object step) {
        int stepValue = step == null ? 1 : toInt(step);
        if (stepValue == 0) {
            throw new PythonError("ValueError: slice step cannot be zero");
        }
        if (value instanceof String || value instanceof SafeString) {
            String s = value.toString();
            StringBuilder out = new StringBuilder();
            for (int i : indices(s.length(), start, stop, stepValue)) {
                out.append(s.charAt(i));
            }
            return out.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i : indices(list.size(), start, stop, stepValue)) {
                out.add(list.get(i));
            }
            return out;
        }
        throw new PythonError("'" + PythonValues.typeName(value) + "' object is not subscriptable");
    }

    /** {@code [start, end)} of a string method's optional start/end arguments, clamped like a slice with step 1. */
    static int[] bounds(int length, Object start, Object end) {
        return new int[] {clamp(start, length, 0, 0, length), clamp(end, length, length, 0, length)};
    }

    private static int[] indices(int length, Object start, Object stop, int step) {
        int lower = step > 0 ? 0 : -1;
        int upper = step > 0 ? length : length - 1;
        int from = clamp(start, length, step > 0 ? lower : upper, lower, upper);
        int to = clamp(stop, length, step > 0 ? upper : lower, lower, upper);
        int count = step > 0 ? Math.max(0, (to - from + step - 1) / step) : Math.max(0, (from - to - step - 1) / -step);
        int[] indices = new int[count];
        for (int k = 0; k < count; k++) {
            indices[k] = from + k * step;
        }
        return indices;
    }

    private static int clamp(Object bound, int length, int absent, int lower, int upper) {
        if (bound == null) {
            return absent;
        }
        int value = toInt(bound);
        if (value < 0) {
            value += length;
            return Math.max(value, lower);
        }
        return Math.min(value, upper);
    }

    private static int toInt(Object value) {
        if (!PythonValues.isInteger(value)) {
            throw new PythonError("slice indices must be integers or None, not " + PythonValues.typeName(value));
        }
        return ((Number) value).intValue();
    }
}
