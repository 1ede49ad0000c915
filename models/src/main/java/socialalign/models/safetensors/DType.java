package socialalign.models.safetensors;

/** The element types a safetensors header may name, with their sizes in bytes. */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E4M3(1), F8_E5M2(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The floating-point types that model weights may have here: F32, F16 and BF16. */
    public boolean isWeightType() {
        return this == F32 || this == F16 || this == BF16;
    }
}
