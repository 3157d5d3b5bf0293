package io.aspd.model;

/**
 * IEEE half (F16) and bfloat16 (BF16) conversions done on float bits in Java. BF16 in particular must never reach the
 * PyTorch engine: DJL 0.36 aborts the JVM on any BFLOAT16 array, so checkpoints are widened here before NDArrays see
 * them, and exported here from float values.
 */
final class HalfFloats {

    private HalfFloats() {}

    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Rounds to the nearest half, ties to even; overflow gives infinity, NaN stays NaN. */
    static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent == 0xFF) {
            int nanPayload = mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13);
            return (short) (sign | 0x7C00 | nanPayload);
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) {
            // below the smallest normal half: a subnormal half in units of 2^-24 (or zero)
            if (halfExponent < -10) {
                return (short) sign;
            }
            int significand = mantissa | 0x80_0000;
            int shift = 14 - halfExponent;
            return (short) (sign | roundShiftRight(significand, shift));
        }
        // A carry out of the mantissa correctly bumps the exponent (up to infinity).
        return (short) (sign | roundShiftRight((halfExponent << 23) | mantissa, 13));
    }

    static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** Rounds to the nearest bfloat16, ties to even; NaN stays a (quiet) NaN. */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) roundShiftRight(bits, 16);
    }

    /** {@code value >> shift}, rounded to nearest with ties to even; value is treated as unsigned. */
    private static int roundShiftRight(int value, int shift) {
        int kept = value >>> shift;
        int dropped = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (dropped > halfway || dropped == halfway && (kept & 1) == 1) {
            kept++;
        }
        return kept;
    }
}
