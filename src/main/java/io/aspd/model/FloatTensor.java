package io.aspd.model;

import java.util.Arrays;

/**
 * A dense row-major float tensor held in Java memory: the exchange format between NDArrays and checkpoint files. The
 * values array is shared, not copied (tensors can be hundreds of megabytes).
 */
public record FloatTensor(long[] shape, float[] values) {

    public FloatTensor {
        long elements = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            elements *= dim;
        }
        if (elements != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + elements + " values, got " + values.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
