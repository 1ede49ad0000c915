package socialalign.engine;

/** Widening of the 16-bit float formats that checkpoints use to float32 (exact: every value is representable). */
public final class LowPrecision {
    private LowPrecision() {}

    /** bfloat16 is the upper half of a float32. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    public static float[] bf16ToFloat(short[] bits) {
        float[] out = new float[bits.length];
        for (int i = 0; i < bits.length; i++) out[i] = bf16ToFloat(bits[i]);
        return out;
    }

    /** IEEE 754 binary16. */
    public static float[] f16ToFloat(short[] bits) {
        float[] out = new float[bits.length];
        for (int i = 0; i < bits.length; i++) out[i] = Float.float16ToFloat(bits[i]);
        return out;
    }

    /** Round-to-nearest-even narrowing to bfloat16, as PyTorch's {@code .to(torch.bfloat16)} (NaN stays NaN). */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
