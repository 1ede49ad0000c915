package socialalign.engine.cuda;

import java.util.Locale;

/**
 * How cuBLAS multiplies: every mode reads and writes float32 tensors and accumulates in float32; they differ in
 * the products. Every other op runs in float32 whatever the mode.
 */
public enum Precision {
    /** IEEE float32 products (CUBLAS_COMPUTE_32F). */
    FP32,
    /** Inputs rounded to TensorFloat-32 (10-bit mantissa) on the tensor cores (CUBLAS_COMPUTE_32F_FAST_TF32). */
    TF32,
    /** Inputs rounded to bfloat16 (round to nearest even) by a kernel, products on the tensor cores. */
    BF16;

    /** {@code fp32}, {@code tf32} or {@code bf16}, any case. */
    public static Precision parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision: '" + name + "' is not one of fp32, tf32, bf16");
        }
    }
}
