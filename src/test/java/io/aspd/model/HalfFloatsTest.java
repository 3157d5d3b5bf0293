package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** F16 conversions against PyTorch's, BF16 conversions against an exact nearest-value reference. */
class HalfFloatsTest {

    /** Floats over the whole range that matters: subnormal halves, normal halves, overflow, exact ties, specials. */
    private static float[] probeValues() {
        Random random = new Random(3);
        float[] values = new float[200_000];
        for (int i = 0; i < values.length - 12; i++) {
            // random exponent from 2^-30 to 2^20, random mantissa, random sign
            float magnitude = (float) Math.scalb(1.0 + random.nextDouble(), random.nextInt(51) - 30);
            values[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 65504f, 65520f, 65519.996f,
            0x1p-24f, 0x1p-25f, 0x1.8p-25f, 1f + 0x1p-11f, 1f + 0x3p-11f};
        System.arraycopy(special, 0, values, values.length - special.length, special.length);
        return values;
    }

    @Test
    void floatToHalfRoundsExactlyLikePyTorch() {
        float[] values = probeValues();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ByteBuffer torch = manager.create(values).toType(DataType.FLOAT16, false).toByteBuffer()
                    .order(ByteOrder.nativeOrder());
            for (float value : values) {
                short expected = torch.getShort();
                assertEquals(expected, HalfFloats.floatToHalf(value), () -> "half of " + value);
            }
        }
    }

    @Test
    void everyHalfWidensExactlyLikePyTorch() {
        ByteBuffer allHalves = ByteBuffer.allocateDirect(65536 * 2).order(ByteOrder.nativeOrder());
        for (int bits = 0; bits < 65536; bits++) {
            allHalves.putShort((short) bits);
        }
        allHalves.flip();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] torch = manager.create(allHalves, new Shape(65536), DataType.FLOAT16)
                    .toType(DataType.FLOAT32, false).toFloatArray();
            for (int bits = 0; bits < 65536; bits++) {
                float mine = HalfFloats.halfToFloat((short) bits);
                if (Float.isNaN(torch[bits])) {
                    assertTrue(Float.isNaN(mine), "NaN pattern " + bits);
                } else {
                    assertEquals(Float.floatToIntBits(torch[bits]), Float.floatToIntBits(mine), "pattern " + bits);
                }
            }
        }
    }

    @Test
    void floatToBf16PicksTheNearestBf16TiesToEven() {
        for (float value : probeValues()) {
            if (Float.isInfinite(value)) {
                continue;
            }
            int bits = Float.floatToIntBits(value);
            int truncated = bits & 0xFFFF_0000;
            int next = truncated + 0x1_0000; // next bf16 away from zero (same sign)
            double below = Math.abs((double) Float.intBitsToFloat(truncated) - value);
            double above = Math.abs((double) Float.intBitsToFloat(next) - value);
            int expected = below < above || below == above && (truncated & 0x1_0000) == 0 ? truncated : next;
            assertEquals((short) (expected >>> 16), HalfFloats.floatToBf16(value), () -> "bf16 of " + value);
        }
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.MAX_VALUE)));
    }

    @Test
    void everyBf16SurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits < 65536; bits++) {
            float widened = HalfFloats.bf16ToFloat((short) bits);
            if (!Float.isNaN(widened)) {
                assertEquals((short) bits, HalfFloats.floatToBf16(widened), "pattern " + bits);
            }
        }
    }
}
