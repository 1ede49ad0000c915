package socialalign.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import socialalign.engine.Backend;
import socialalign.engine.OpShapes;
import socialalign.engine.Shape;
import socialalign.engine.Tensor;

/**
 * The GPU backend: float32 tensors in device memory, matmuls through cuBLAS in the chosen {@link Precision}, every
 * other op a kernel of the committed PTX (src/main/cuda). Work is queued on one stream; only reads back to the host
 * ({@link #toFloats}, {@link #argmax}, losses, {@link #sumOfSquares}) wait for it. Activations, caches and optimizer
 * state stay on the device as long as their tensors do.
 *
 * <p>Backends of different precisions share the process's one device and memory, so their tensors mix freely. A
 * backend is used from one thread at a time. {@link SelfCheck} tests every op against the reference backend.
 */
public final class CudaBackend implements Backend {
    private static final int INT_BYTES = 4, FLOAT_BYTES = 4;

    // Op codes of elementwise.cu, in its order.
    private static final int SCALE = 0, EXP = 1, LOG = 2, SILU = 3, GELU = 4;
    private static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, SILU_BACKWARD = 4, GELU_BACKWARD = 5, MASKED_FILL = 6;

    private static DeviceAllocator sharedMemory;
    private static Blas sharedBlas;

    final CudaDevice device;
    final DeviceAllocator memory;
    final Blas blas;
    private final Precision precision;
    private final CudaAttention attention;

    private CudaBackend(Precision precision) {
        this.device = CudaDevice.get();
        device.bind();
        synchronized (CudaBackend.class) {
            if (sharedMemory == null) sharedMemory = new DeviceAllocator();
            if (sharedBlas == null) sharedBlas = new Blas(device, sharedMemory);
        }
        this.memory = sharedMemory;
        this.blas = sharedBlas;
        this.precision = precision;
        this.attention = new CudaAttention(this);
    }

    /**
     * The GPU (device 0) with matmuls in {@code precision}. Loads JCuda's natives on first use; throws
     * {@link CudaUnavailableException} with the reason when there is no usable GPU.
     */
    public static CudaBackend open(Precision precision) {
        try {
            return new CudaBackend(precision);
        } catch (LinkageError e) {
            throw CudaUnavailableException.nativeLibrary("JCuda's native libraries did not load", e);
        }
    }

    public Precision precision() {
        return precision;
    }

    @Override
    public String name() {
        return "cuda(" + device.name + ", " + precision.name().toLowerCase(java.util.Locale.ROOT) + ", " + blas.library + ")";
    }

    /** Waits until every queued kernel has finished (for timing; reads back to the host wait by themselves). */
    public void synchronize() {
        device.synchronize();
    }

    /** Device memory: free and total bytes on the device, then bytes in live tensors and in the allocator's cache. */
    public long[] memoryUsage() {
        long[] info = device.memoryInfo(), use = memory.usage();
        return new long[] {info[0], info[1], use[0], use[1]};
    }

    // ---- memory -------------------------------------------------------------------------------

    private DeviceStorage storage(Tensor x) {
        if (!(x.storage() instanceof DeviceStorage s)) {
            throw new IllegalArgumentException("cuda backend: " + x + " is not in device memory; move it with to()");
        }
        return s;
    }

    CUdeviceptr base(Tensor x) {
        return storage(x).pointer();
    }

    /** A new row-major tensor whose elements the caller writes. */
    Tensor empty(int... shape) {
        device.bind();
        return Tensor.of(memory.storage(this, Shape.numel(shape), "a tensor of shape " + Shape.str(shape)), shape);
    }

    /** The address of x's first element when x is row-major, else of a row-major copy. */
    CUdeviceptr rows(Tensor x) {
        Tensor c = x.isContiguous() ? x : contiguous(x);
        return base(c).withByteOffset((long) c.offset() * FLOAT_BYTES);
    }

    /** Device copy of host ints (token ids, positions, targets) for one op. */
    DeviceAllocator.Scratch upload(int[] values) {
        DeviceAllocator.Scratch s = memory.scratch((long) values.length * INT_BYTES, "an index array");
        if (values.length > 0) cuMemcpyHtoD(s.pointer, Pointer.to(values), (long) values.length * INT_BYTES);
        return s;
    }

    @Override
    public Tensor zeros(int... shape) {
        Tensor out = empty(shape);
        if (out.numel() > 0) cuMemsetD32Async(base(out), 0, out.numel(), device.stream);
        return out;
    }

    @Override
    public Tensor fromFloats(float[] values, int... shape) {
        if (values.length != Shape.numel(shape)) {
            throw new IllegalArgumentException("fromFloats: " + values.length + " values for shape " + Shape.str(shape));
        }
        Tensor out = empty(shape);
        if (values.length > 0) cuMemcpyHtoD(base(out), Pointer.to(values), (long) values.length * FLOAT_BYTES);
        return out;
    }

    @Override
    public Tensor fromDoubles(double[] values, int... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return fromFloats(f, shape);
    }

    @Override
    public float[] toFloats(Tensor x) {
        device.bind();
        float[] out = new float[Math.toIntExact(x.numel())];
        if (out.length > 0) cuMemcpyDtoH(Pointer.to(out), rows(x), (long) out.length * FLOAT_BYTES);
        return out;
    }

    @Override
    public double[] toDoubles(Tensor x) {
        float[] f = toFloats(x);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Override
    public Tensor contiguous(Tensor x) {
        Tensor out = empty(x.shape());
        copyInto(out, x);
        return out;
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        OpShapes.sameShape("copyInto", dst, src);
        device.launchElements("strided_copy", dst.numel(), base(dst), Layout.of(dst), base(src), Layout.of(src), dst.numel());
    }

    // ---- linear algebra ------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor a, Tensor b, Tensor bias) {
        OpShapes.Matmul s = OpShapes.matmul(a, b, bias);
        if (bias == null && s.k() == 0) return zeros(s.out());
        Tensor out = empty(s.out());
        if (out.numel() == 0) return out;
        if (bias != null) copyInto(out.reshape(s.batch() * s.m(), s.n()), bias.unsqueeze(0).broadcastTo(s.batch() * s.m(), s.n()));
        if (s.k() == 0) return out;
        Blas.Operand left = operand(a, s.batch(), s.m(), s.k(), false);
        Blas.Operand right = operand(b, s.batch(), s.k(), s.n(), s.bShared());
        int batch = s.batch(), m = s.m();
        // One big product instead of a batch when B is shared and A's batches follow each other row by row.
        if (s.bShared() && batch > 1 && left.rowMajor() && left.colStride() == 1 && left.batchStride() == (long) m * left.rowStride()) {
            left = new Blas.Operand(left.base(), left.offset(), batch * m, left.cols(), left.rowStride(), 1, 0);
            m *= batch;
            batch = 1;
        }
        blas.gemm(precision, batch, m, s.n(), s.k(), 1f, left, right, bias == null ? 0f : 1f, base(out), (long) s.m() * s.n());
        return out;
    }

    /** The matrices {@code [batch..., rows, cols]} of x as cuBLAS reads them, in place when the strides allow. */
    private Blas.Operand operand(Tensor x, int batch, int rows, int cols, boolean shared) {
        Blas.Operand o = strided(x, rows, cols, shared);
        if (o != null && Blas.readable(o)) return o;
        Tensor c = contiguous(x);
        return new Blas.Operand(base(c), c.offset(), rows, cols, cols, 1, shared ? 0 : (long) rows * cols);
    }

    /** x's batches as one stride, or null when its batch dimensions do not collapse to one. */
    private Blas.Operand strided(Tensor x, int rows, int cols, boolean shared) {
        int r = x.rank();
        long batchStride = 0;
        if (!shared) {
            boolean first = true;
            long expected = 0;
            for (int d = r - 3; d >= 0; d--) {
                if (x.size(d) == 1) continue;
                if (first) {
                    batchStride = x.stride(d);
                    expected = batchStride * x.size(d);
                    first = false;
                } else if (x.stride(d) != expected) {
                    return null;
                } else {
                    expected *= x.size(d);
                }
            }
        }
        return new Blas.Operand(base(x), x.offset(), rows, cols, x.stride(r - 2), x.stride(r - 1), batchStride);
    }

    // ---- element-wise --------------------------------------------------------------------------

    private Tensor unary(int op, double s, Tensor x) {
        Tensor out = empty(x.shape());
        device.launchElements("unary", out.numel(), op, (float) s, base(out), base(x), Layout.of(x), out.numel());
        return out;
    }

    private Tensor binary(int op, double s, int[] shape, Tensor a, Tensor b) {
        Tensor out = empty(shape);
        Tensor wa = a.broadcastTo(shape), wb = b.broadcastTo(shape);
        device.launchElements("binary", out.numel(), op, (float) s, base(out), base(wa), Layout.of(wa), base(wb), Layout.of(wb), out.numel());
        return out;
    }

    @Override public Tensor add(Tensor a, Tensor b) { return binary(ADD, 0, OpShapes.elementwise("add", a, b), a, b); }
    @Override public Tensor sub(Tensor a, Tensor b) { return binary(SUB, 0, OpShapes.elementwise("sub", a, b), a, b); }
    @Override public Tensor mul(Tensor a, Tensor b) { return binary(MUL, 0, OpShapes.elementwise("mul", a, b), a, b); }
    @Override public Tensor div(Tensor a, Tensor b) { return binary(DIV, 0, OpShapes.elementwise("div", a, b), a, b); }
    @Override public Tensor scale(Tensor x, double s) { return unary(SCALE, s, x); }
    @Override public Tensor exp(Tensor x) { return unary(EXP, 0, x); }
    @Override public Tensor log(Tensor x) { return unary(LOG, 0, x); }
    @Override public Tensor silu(Tensor x) { return unary(SILU, 0, x); }
    @Override public Tensor gelu(Tensor x) { return unary(GELU, 0, x); }

    @Override
    public Tensor siluBackward(Tensor x, Tensor dy) {
        OpShapes.sameShape("siluBackward", x, dy);
        return binary(SILU_BACKWARD, 0, x.shape(), x, dy);
    }

    @Override
    public Tensor geluBackward(Tensor x, Tensor dy) {
        OpShapes.sameShape("geluBackward", x, dy);
        return binary(GELU_BACKWARD, 0, x.shape(), x, dy);
    }

    @Override
    public Tensor maskedFill(Tensor x, Tensor mask, double value) {
        Shape.broadcast("maskedFill", mask.shape(), x.shape());
        return binary(MASKED_FILL, value, x.shape(), x, mask);
    }

    // ---- reductions ----------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor x, int dim, boolean keepDim) {
        int[] outShape = OpShapes.sum(x, dim, keepDim), shape = x.shape();
        int d = Shape.dim("sum", shape, dim);
        int outer = (int) Shape.numel(Arrays.copyOf(shape, d)), n = shape[d];
        int inner = (int) Shape.numel(Arrays.copyOfRange(shape, d + 1, shape.length));
        if (n == 0) return zeros(outShape);
        Tensor out = empty(outShape);
        if (inner == 1) device.launchRows("row_sum", outer, base(out), rows(x), n);
        else device.launchElements("sum_middle", (long) outer * inner, base(out), rows(x), outer, n, inner);
        return out;
    }

    @Override
    public int[] argmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("argmax", x);
        int[] out = new int[r.rows()];
        if (r.rows() == 0 || r.width() == 0) return out;
        try (DeviceAllocator.Scratch s = memory.scratch((long) r.rows() * INT_BYTES, "argmax")) {
            device.launchRows("argmax", r.rows(), s.pointer, rows(x), r.width());
            cuMemcpyDtoH(Pointer.to(out), s.pointer, (long) r.rows() * INT_BYTES);
        }
        return out;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        long n = x.numel();
        if (n == 0) return 0;
        int blocks = (int) Math.min(1024, (n + CudaDevice.BLOCK - 1) / CudaDevice.BLOCK);
        double[] partial = new double[blocks];
        try (DeviceAllocator.Scratch s = memory.scratch(8L * blocks, "sumOfSquares")) {
            device.launch("sum_squares", blocks, 1, s.pointer, base(x), Layout.of(x), n);
            cuMemcpyDtoH(Pointer.to(partial), s.pointer, 8L * blocks);
        }
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    // ---- normalisation -------------------------------------------------------------------------

    /** One block per row: {@code kernel(out, x, n)}. */
    private Tensor rowwise(String kernel, Tensor x) {
        OpShapes.Rows r = OpShapes.rows(kernel, x);
        Tensor out = empty(x.shape());
        device.launchRows(kernel, r.rows(), base(out), rows(x), r.width());
        return out;
    }

    /** One block per row: {@code kernel(out, y, dy, n)}. */
    private Tensor rowwiseBackward(String kernel, String op, Tensor y, Tensor dy) {
        OpShapes.sameShape(op, y, dy);
        OpShapes.Rows r = OpShapes.rows(op, y);
        Tensor out = empty(y.shape());
        device.launchRows(kernel, r.rows(), base(out), rows(y), rows(dy), r.width());
        return out;
    }

    @Override public Tensor softmax(Tensor x) { return rowwise("softmax", x); }
    @Override public Tensor logSoftmax(Tensor x) { return rowwise("log_softmax", x); }
    @Override public Tensor softmaxBackward(Tensor y, Tensor dy) { return rowwiseBackward("softmax_backward", "softmaxBackward", y, dy); }
    @Override public Tensor logSoftmaxBackward(Tensor y, Tensor dy) { return rowwiseBackward("log_softmax_backward", "logSoftmaxBackward", y, dy); }

    @Override
    public Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
        OpShapes.rmsNorm(x, weight);
        OpShapes.Rows r = OpShapes.rows("rmsNorm", x);
        Tensor out = empty(x.shape());
        device.launchRows("rms_norm", r.rows(), base(out), rows(x), rows(weight), (float) eps, r.width());
        return out;
    }

    @Override
    public Gradients2 rmsNormBackward(Tensor x, Tensor weight, double eps, Tensor dy) {
        OpShapes.rmsNorm(x, weight);
        OpShapes.sameShape("rmsNormBackward", x, dy);
        OpShapes.Rows r = OpShapes.rows("rmsNormBackward", x);
        Tensor dx = empty(x.shape()), dw = zeros(r.width());
        CUdeviceptr xs = rows(x), gs = rows(dy);
        try (DeviceAllocator.Scratch inv = memory.scratch((long) r.rows() * FLOAT_BYTES, "rmsNormBackward")) {
            device.launchRows("rms_norm_backward", r.rows(), base(dx), inv.pointer, xs, rows(weight), gs, (float) eps, r.width());
            int chunk = 64;
            device.launch("rms_norm_weight_grad", (r.width() + CudaDevice.BLOCK - 1) / CudaDevice.BLOCK, Math.max(1, (r.rows() + chunk - 1) / chunk),
                    base(dw), xs, gs, inv.pointer, r.rows(), r.width(), chunk);
        }
        return new Gradients2(dx, dw);
    }

    // ---- transformer ---------------------------------------------------------------------------

    @Override
    public Tensor rope(Tensor x, int[] positions, double theta, boolean inverse) {
        OpShapes.rope(x, positions);
        int t = x.size(-2), d = x.size(-1);
        Tensor out = empty(x.shape());
        int rowCount = (int) (x.numel() / d);
        try (DeviceAllocator.Scratch p = upload(positions)) {
            device.launchElements("rope", (long) rowCount * (d / 2), base(out), rows(x), p.pointer, rowCount, t, d, theta, inverse ? -1f : 1f);
        }
        return out;
    }

    @Override
    public Tensor embedding(Tensor table, int[] ids) {
        OpShapes.embedding(table, ids);
        int d = table.size(1);
        Tensor out = empty(ids.length, d);
        try (DeviceAllocator.Scratch s = upload(ids)) {
            device.launchElements("embedding", (long) ids.length * d, base(out), rows(table), s.pointer, ids.length, d);
        }
        return out;
    }

    @Override
    public Tensor embeddingBackward(Tensor dy, int[] ids, int vocab) {
        Shape.require(dy.rank() == 2 && dy.size(0) == ids.length, "embeddingBackward", "dy must be [ids, D]", dy.shape(), new int[] {ids.length});
        int d = dy.size(1);
        Tensor out = zeros(vocab, d);
        try (DeviceAllocator.Scratch s = upload(ids)) {
            device.launchElements("embedding_backward", (long) ids.length * d, base(out), rows(dy), s.pointer, ids.length, d);
        }
        return out;
    }

    @Override
    public Attention attention(Tensor q, Tensor k, Tensor v, double scale, boolean causal) {
        return attention.forward(q, k, v, scale, causal);
    }

    @Override
    public Gradients3 attentionBackward(Tensor q, Tensor k, Tensor v, Attention forward, Tensor dOut, double scale, boolean causal) {
        return attention.backward(q, k, v, forward, dOut, scale, causal);
    }

    // ---- loss ------------------------------------------------------------------------------------

    @Override
    public CrossEntropy crossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        OpShapes.crossEntropy(logits, targets, ignoreIndex);
        int n = logits.size(0), vocab = logits.size(1);
        Tensor lse = empty(n);
        float[] nll = new float[n];
        try (DeviceAllocator.Scratch t = upload(targets); DeviceAllocator.Scratch s = memory.scratch((long) n * FLOAT_BYTES, "crossEntropy")) {
            device.launchRows("cross_entropy", n, base(lse), s.pointer, rows(logits), t.pointer, ignoreIndex, vocab);
            if (n > 0) cuMemcpyDtoH(Pointer.to(nll), s.pointer, (long) n * FLOAT_BYTES);
        }
        double total = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] == ignoreIndex) continue;
            total += nll[i];
            counted++;
        }
        return new CrossEntropy(total / counted, counted, lse);
    }

    @Override
    public Tensor crossEntropyBackward(Tensor logits, CrossEntropy forward, int[] targets, int ignoreIndex, double dLoss) {
        OpShapes.crossEntropy(logits, targets, ignoreIndex);
        int n = logits.size(0), vocab = logits.size(1);
        Tensor out = empty(logits.shape());
        try (DeviceAllocator.Scratch t = upload(targets)) {
            device.launchRows("cross_entropy_backward", n, base(out), rows(logits), rows(forward.logSumExp()), t.pointer, ignoreIndex,
                    (float) (dLoss / forward.counted()), vocab);
        }
        return out;
    }

    // ---- in place --------------------------------------------------------------------------------

    private CUdeviceptr whole(String op, Tensor x) {
        if (!x.isContiguous() || x.offset() != 0 || x.numel() != x.storage().length()) {
            throw new IllegalArgumentException(op + ": needs a whole row-major tensor, got a view of shape " + Shape.str(x.shape()));
        }
        return base(x);
    }

    @Override
    public void addInPlace(Tensor dst, Tensor src, double alpha) {
        OpShapes.sameShape("addInPlace", dst, src);
        device.launchElements("axpy", dst.numel(), whole("addInPlace", dst), (float) alpha, base(src), Layout.of(src), dst.numel());
    }

    @Override
    public void scaleInPlace(Tensor x, double s) {
        CUdeviceptr p = whole("scaleInPlace", x);
        device.launchElements("unary", x.numel(), SCALE, (float) s, p, p, Layout.rowMajor(x.numel(), 0), x.numel());
    }

    @Override
    public void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWHyper hp, int step) {
        OpShapes.sameShape("adamW", param, grad);
        OpShapes.sameShape("adamW", param, m);
        OpShapes.sameShape("adamW", param, v);
        // The per-step constants of cpu.AdamW.Step: each computed in double and rounded once, as PyTorch does.
        double c1 = 1 - Math.pow(hp.beta1(), step), c2 = 1 - Math.pow(hp.beta2(), step);
        device.launchElements("adamw", param.numel(), whole("adamW", param), base(grad), Layout.of(grad), whole("adamW", m), whole("adamW", v),
                param.numel(), (float) (1 - hp.lr() * hp.weightDecay()), (float) hp.beta1(), (float) (1 - hp.beta1()), (float) hp.beta2(),
                (float) (1 - hp.beta2()), (float) (hp.lr() / c1), (float) Math.sqrt(c2), (float) hp.eps());
    }
}
