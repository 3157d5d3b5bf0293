package io.aspd.model;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Floating-point storage types of safetensors checkpoints that we read and write. Computation always happens in
 * float32; these types only describe bytes on disk.
 */
public enum TensorType {
    F32("F32", "float32", 4),
    F16("F16", "float16", 2),
    BF16("BF16", "bfloat16", 2);

    private final String safetensorsName;
    private final String torchName;
    private final int bytes;

    TensorType(String safetensorsName, String torchName, int bytes) {
        this.safetensorsName = safetensorsName;
        this.torchName = torchName;
        this.bytes = bytes;
    }

    /** The dtype string in a safetensors header, e.g. {@code BF16}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The {@code torch_dtype} value in a config.json, e.g. {@code bfloat16}. */
    public String torchName() {
        return torchName;
    }

    public int bytesPerElement() {
        return bytes;
    }

    public static Optional<TensorType> fromSafetensorsName(String name) {
        return Arrays.stream(values()).filter(t -> t.safetensorsName.equals(name)).findFirst();
    }

    /**
     * Reads {@code target.remaining()} little-endian values of this type from {@code source} (at its position, which
     * advances) into {@code target} as floats.
     */
    void decode(ByteBuffer source, FloatBuffer target) {
        int count = target.remaining();
        switch (this) {
            case F32 -> {
                FloatBuffer floats = source.asFloatBuffer();
                floats.limit(count);
                target.put(floats);
                source.position(source.position() + count * Float.BYTES);
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    target.put(HalfFloats.halfToFloat(source.getShort()));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    target.put(HalfFloats.bf16ToFloat(source.getShort()));
                }
            }
        }
    }

    /** Writes {@code values[from, from+count)} to {@code target} (at its position, which advances), little-endian. */
    void encode(float[] values, int from, int count, ByteBuffer target) {
        switch (this) {
            case F32 -> {
                target.asFloatBuffer().put(values, from, count);
                target.position(target.position() + count * Float.BYTES);
            }
            case F16 -> {
                for (int i = from; i < from + count; i++) {
                    target.putShort(HalfFloats.floatToHalf(values[i]));
                }
            }
            case BF16 -> {
                for (int i = from; i < from + count; i++) {
                    target.putShort(HalfFloats.floatToBf16(values[i]));
                }
            }
        }
    }
}
