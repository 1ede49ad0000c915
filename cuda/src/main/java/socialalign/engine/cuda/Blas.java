package socialalign.engine.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasGemmEx_new;
import static jcuda.jcublas.JCublas2.cublasGemmStridedBatchedEx_new;
import static jcuda.jcublas.JCublas2.cublasSetStream;

import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasComputeType;
import jcuda.jcublas.cublasGemmAlgo;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * Row-major (batched) matrix products through cuBLAS, whose matrices are column-major: a row-major {@code X [R, C]}
 * is a column-major {@code X^T}, so {@code C = A B} is computed as {@code C^T = B^T A^T}, with no copy. An operand
 * that is a transposed view is passed as a transposed column-major matrix, also without a copy.
 */
final class Blas {
    /**
     * Matrix {@code [rows, cols]} at {@code base + offset} elements with the given strides, repeated {@code batch}
     * times {@code batchStride} elements apart (0: one matrix for every batch).
     */
    record Operand(CUdeviceptr base, long offset, int rows, int cols, int rowStride, int colStride, long batchStride) {
        /** Row-major for cuBLAS's purpose: unit column stride and room for a row (any stride when there is one row). */
        boolean rowMajor() {
            return (colStride == 1 || cols == 1) && (rows == 1 || rowStride >= cols);
        }

        boolean colMajor() {
            return (rowStride == 1 || rows == 1) && (cols == 1 || colStride >= rows);
        }

        int leadingDimension() {
            return rowMajor() ? (rows == 1 ? Math.max(1, cols) : rowStride) : (cols == 1 ? Math.max(1, rows) : colStride);
        }
    }

    private final CudaDevice device;
    private final DeviceAllocator memory;
    private final cublasHandle handle = new cublasHandle();
    final String library;

    Blas(CudaDevice device, DeviceAllocator memory) {
        this.device = device;
        this.memory = memory;
        library = CublasLibrary.ensureLoaded();
        JCublas2.setExceptionsEnabled(true);
        cublasCreate(handle);
        cublasSetStream(handle, new cudaStream_t(device.stream));
    }

    /** Whether cuBLAS can read {@code x} in place (else the caller passes a row-major copy). */
    static boolean readable(Operand x) {
        return x.rowMajor() || x.colMajor();
    }

    /**
     * {@code C[b] = alpha A[b] B[b] + beta C[b]} for {@code b < batch}, C row-major {@code [m, n]} matrices
     * {@code strideC} elements apart. Operands must be {@link #readable}.
     */
    void gemm(Precision precision, int batch, int m, int n, int k, float alpha, Operand a, Operand b, float beta,
              CUdeviceptr c, long strideC) {
        if (precision == Precision.BF16) {
            try (DeviceAllocator.Scratch a16 = bf16(a, batch); DeviceAllocator.Scratch b16 = bf16(b, batch)) {
                Operand ra = new Operand(a16.pointer, 0, a.rows(), a.cols(), a.cols(), 1, a.batchStride() == 0 ? 0 : (long) a.rows() * a.cols());
                Operand rb = new Operand(b16.pointer, 0, b.rows(), b.cols(), b.cols(), 1, b.batchStride() == 0 ? 0 : (long) b.rows() * b.cols());
                call(cudaDataType.CUDA_R_16BF, 2, cublasComputeType.CUBLAS_COMPUTE_32F, batch, m, n, k, alpha, ra, rb, beta, c, strideC);
            }
        } else {
            int compute = precision == Precision.TF32 ? cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32 : cublasComputeType.CUBLAS_COMPUTE_32F;
            call(cudaDataType.CUDA_R_32F, 4, compute, batch, m, n, k, alpha, a, b, beta, c, strideC);
        }
    }

    /** A row-major bfloat16 copy of the operand's matrices (one when shared by every batch). */
    private DeviceAllocator.Scratch bf16(Operand x, int batch) {
        int copies = x.batchStride() == 0 ? 1 : batch;
        long n = (long) copies * x.rows() * x.cols();
        DeviceAllocator.Scratch s = memory.scratch(2 * n, "a bfloat16 matmul operand");
        int[] layout = new int[2 + 2 * Layout.MAX_RANK];
        layout[0] = 3;
        layout[1] = Math.toIntExact(x.offset());
        layout[2] = copies;
        layout[3] = x.rows();
        layout[4] = x.cols();
        layout[2 + Layout.MAX_RANK] = Math.toIntExact(x.batchStride());
        layout[3 + Layout.MAX_RANK] = x.rowStride();
        layout[4 + Layout.MAX_RANK] = x.colStride();
        device.launchElements("to_bf16", n, s.pointer, x.base(), layout, n);
        return s;
    }

    private void call(int type, int bytes, int compute, int batch, int m, int n, int k, float alpha, Operand a, Operand b,
                      float beta, CUdeviceptr c, long strideC) {
        // C^T [n, m] = B^T [n, k] A^T [k, m] in column-major terms: a row-major operand is "not transposed".
        int opB = b.rowMajor() ? cublasOperation.CUBLAS_OP_N : cublasOperation.CUBLAS_OP_T;
        int opA = a.rowMajor() ? cublasOperation.CUBLAS_OP_N : cublasOperation.CUBLAS_OP_T;
        Pointer pa = a.base().withByteOffset(a.offset() * bytes), pb = b.base().withByteOffset(b.offset() * bytes);
        Pointer pAlpha = Pointer.to(new float[] {alpha}), pBeta = Pointer.to(new float[] {beta});
        int algo = cublasGemmAlgo.CUBLAS_GEMM_DEFAULT;
        if (batch == 1) {
            cublasGemmEx_new(handle, opB, opA, n, m, k, pAlpha, pb, type, b.leadingDimension(), pa, type, a.leadingDimension(),
                    pBeta, c, cudaDataType.CUDA_R_32F, n, compute, algo);
        } else {
            cublasGemmStridedBatchedEx_new(handle, opB, opA, n, m, k, pAlpha, pb, type, b.leadingDimension(), b.batchStride(),
                    pa, type, a.leadingDimension(), a.batchStride(), pBeta, c, cudaDataType.CUDA_R_32F, n, strideC, batch, compute, algo);
        }
    }
}
