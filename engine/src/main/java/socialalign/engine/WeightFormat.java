package socialalign.engine;

/** How weights kept off the heap are stored: float32, or bfloat16 that kernels widen as they read. */
public enum WeightFormat {
    F32(4), BF16(2);

    public final int bytes;

    WeightFormat(int bytes) {
        this.bytes = bytes;
    }
}
