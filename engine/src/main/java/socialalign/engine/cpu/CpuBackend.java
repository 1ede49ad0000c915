package socialalign.engine.cpu;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import socialalign.engine.Backend;
import socialalign.engine.OpShapes;
import socialalign.engine.Shape;
import socialalign.engine.Strided;
import socialalign.engine.Tensor;
import socialalign.engine.WeightFormat;

/**
 * The CPU backend: float32 on the heap, Vector API kernels ({@link Gemm}, {@link Elementwise},
 * {@link RowKernels}, {@link AttentionKernel}) and a pool of {@code threads} workers. Every op is tested
 * against {@link socialalign.engine.reference.ReferenceBackend} on random, odd shapes.
 */
public final class CpuBackend implements Backend, AutoCloseable {
    /** Below this many elements an element-wise op runs on the calling thread. */
    private static final int GRAIN = 1 << 15;

    private final Parallel par;
    private final boolean shared;

    /** A backend with its own pool of {@code threads} workers; {@link #close()} stops them. */
    public CpuBackend(int threads) {
        this(threads, false);
    }

    private CpuBackend(int threads, boolean shared) {
        this.par = new Parallel(threads);
        this.shared = shared;
    }

    private static final class Default {
        static final CpuBackend INSTANCE = new CpuBackend(defaultThreads(), true);
    }

    /** The process-wide backend with {@code -Dsocialalign.threads} workers (default: all cores); closing it does nothing. */
    public static CpuBackend shared() {
        return Default.INSTANCE;
    }

    private static int defaultThreads() {
        String t = System.getProperty("socialalign.threads");
        return t != null ? Integer.parseInt(t) : Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return par.threads();
    }

    @Override
    public String name() {
        return "cpu(" + par.threads() + " threads)";
    }

    @Override
    public void close() {
        if (!shared) par.close();
    }

    // ---- memory -------------------------------------------------------------------------------

    /** The heap array behind x (which must be on the heap). */
    private static float[] array(Tensor x) {
        if (!(x.storage() instanceof FloatStorage s)) {
            throw new IllegalArgumentException("cpu backend: " + x + " is not a heap tensor of this backend");
        }
        return s.data();
    }

    /** x itself when it is row-major on the heap, else a row-major heap copy (views, weights off the heap). */
    private Tensor onHeap(Tensor x) {
        return x.storage() instanceof FloatStorage && x.isContiguous() ? x : contiguousCopy(x);
    }

    /** The row-major float array of x's elements, copying only when x is not a whole row-major heap tensor. */
    private float[] dense(Tensor x) {
        Tensor h = onHeap(x);
        return h.offset() == 0 && h.numel() == h.storage().length() ? array(h) : array(contiguousCopy(h));
    }

    /**
     * Weights off the heap: a row-major tensor over {@code segment}, F32 or BF16. Matmul (as the right operand)
     * and embedding read it in place; other ops read a widened copy. The segment must outlive the tensor.
     */
    public Tensor wrap(MemorySegment segment, WeightFormat format, int... shape) {
        return Tensor.of(new SegmentStorage(segment, format, null, this), shape);
    }

    /**
     * {@link #wrap}, for weights that decoding streams: a matrix of whole {@link ColumnTiles} is first rearranged in
     * place into that layout (the segment must be writable, and is no longer row-major afterwards); the tensor reads
     * as the same row-major matrix to every op.
     */
    public Tensor wrapForDecoding(MemorySegment segment, WeightFormat format, int... shape) {
        if (shape.length != 2 || !ColumnTiles.fits(shape[0], shape[1], format)) return wrap(segment, format, shape);
        ColumnTiles.arrange(segment, shape[0], shape[1], format);
        return Tensor.of(new SegmentStorage(segment, format, new ColumnTiles(shape[1], format), this), shape);
    }

    private Tensor tensor(float[] values, int... shape) {
        return Tensor.of(new FloatStorage(values, this), shape);
    }

    @Override
    public Tensor zeros(int... shape) {
        return tensor(new float[Math.toIntExact(Shape.numel(shape))], shape);
    }

    @Override
    public Tensor fromFloats(float[] values, int... shape) {
        return tensor(values.clone(), shape);
    }

    @Override
    public Tensor fromDoubles(double[] values, int... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return tensor(f, shape);
    }

    @Override
    public float[] toFloats(Tensor x) {
        return array(contiguousCopy(x));
    }

    @Override
    public double[] toDoubles(Tensor x) {
        float[] f = dense(x);
        double[] d = new double[(int) x.numel()];
        for (int i = 0; i < d.length; i++) d[i] = f[i];
        return d;
    }

    @Override
    public Tensor contiguous(Tensor x) {
        return contiguousCopy(x);
    }

    private Tensor contiguousCopy(Tensor x) {
        Tensor out = zeros(x.shape());
        copyInto(out, x);
        return out;
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        OpShapes.sameShape("copyInto", dst, src);
        float[] to = array(dst);
        FloatSource from = FloatSource.of(src.storage());
        if (dst.rank() == 0) {
            to[dst.offset()] = from.scalar(src.offset());
            return;
        }
        int width = dst.size(-1), ds = dst.stride(-1), ss = src.stride(-1);
        long[] srcRows = rowStarts(src);
        Strided.forEachRow(dst, (base, row) -> {
            long s = srcRows[row];
            int d = (int) base;
            if (ds == 1 && ss == 1 && from.heap != null) System.arraycopy(from.heap, (int) s, to, d, width);
            else for (int j = 0; j < width; j++) to[d + j * ds] = from.scalar(s + (long) j * ss);
        });
    }

    private static long[] rowStarts(Tensor x) {
        int width = x.size(-1);
        long[] starts = new long[width == 0 ? 0 : (int) (x.numel() / width)];
        Strided.forEachRow(x, (base, row) -> starts[row] = base);
        return starts;
    }

    // ---- linear algebra ------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor a, Tensor b, Tensor bias) {
        OpShapes.Matmul s = OpShapes.matmul(a, b, bias);
        if (bias == null && a.rank() == 2 && b.rank() == 2 && s.n() <= Gemm.SKINNY_ROWS && s.m() > Gemm.SKINNY_ROWS) {
            // A narrow product (a LoRA adapter's [T, r] activations or [out, r] gradient) is the transpose of a skinny
            // one, C^T = B^T A^T, which streams A where it lies instead of packing panels that are mostly padding.
            return contiguousCopy(matmul(b.transpose(0, 1), a.transpose(0, 1), null).transpose(0, 1));
        }
        float[] c = new float[Math.toIntExact((long) s.batch() * s.m() * s.n())];
        if (bias != null) {
            float[] beta = dense(bias);
            for (int r = 0; r < s.batch() * s.m(); r++) System.arraycopy(beta, 0, c, r * s.n(), s.n());
        }
        Tensor aRows = onHeap(a);
        Gemm.Operand left = new Gemm.Operand(FloatSource.of(aRows.storage()), aRows.offset(), s.m() * s.k(), s.k(), 1);
        Gemm.multiply(par, s.batch(), s.m(), s.n(), s.k(), left, operandB(b, s), c);
        return tensor(c, s.out());
    }

    /**
     * B as it lies when it is a transposed row-major matrix (a Linear weight, on or off the heap), or row-major and
     * either on the heap or large enough for the packed path (which reads any row-major storage); otherwise a
     * row-major heap copy.
     */
    private Gemm.Operand operandB(Tensor b, OpShapes.Matmul s) {
        int batchStride = s.bShared() ? 0 : s.k() * s.n();
        // A weight in tiles is read in place only as the whole matrix, transposed (a Linear layer's forward) or as it
        // is (its backward to the input).
        ColumnTiles tiles = b.storage() instanceof SegmentStorage stored ? stored.tiles() : null;
        boolean whole = b.offset() == 0 && (long) s.k() * s.n() == b.storage().length();
        if (b.transpose(-1, -2).isContiguous() && !b.isContiguous() && (tiles == null || whole)) {
            return new Gemm.Operand(FloatSource.of(b.storage()), b.offset(), batchStride, 1, s.k());
        }
        boolean asStored = tiles == null || whole && s.n() == tiles.cols();
        boolean inPlace = b.isContiguous() && asStored && (b.storage() instanceof FloatStorage || s.m() > Gemm.SKINNY_ROWS);
        Tensor rows = inPlace ? b : contiguousCopy(b);
        return new Gemm.Operand(FloatSource.of(rows.storage()), rows.offset(), batchStride, s.n(), 1);
    }

    // ---- element-wise --------------------------------------------------------------------------

    private Tensor binary(String name, Elementwise.Binary op, Tensor a, Tensor b) {
        int[] shape = OpShapes.elementwise(name, a, b);
        int n = Math.toIntExact(Shape.numel(shape));
        float[] out = new float[n];
        float[] x = dense(a.broadcastTo(shape));
        int width = shape.length == 0 ? 1 : shape[shape.length - 1];
        if (isRow(b, shape)) {
            // b repeats along every row (a bias, a per-channel weight): no broadcast copy.
            float[] y = dense(b);
            par.forRange(width == 0 ? 0 : n / width, Math.max(1, GRAIN / Math.max(1, width)), (from, to) -> {
                for (int r = from; r < to; r++) Elementwise.binary(op, x, r * width, y, 0, out, r * width, width);
            });
        } else {
            float[] y = dense(b.broadcastTo(shape));
            par.forRange(n, GRAIN, (from, to) -> Elementwise.binary(op, x, from, y, from, out, from, to - from));
        }
        return tensor(out, shape);
    }

    /** Whether b, broadcast to {@code shape}, is one repeated last-dimension row. */
    private static boolean isRow(Tensor b, int[] shape) {
        int[] bs = b.shape();
        if (shape.length == 0 || bs.length == 0 || bs[bs.length - 1] != shape[shape.length - 1]) return false;
        for (int i = 0; i < bs.length - 1; i++) if (bs[i] != 1) return false;
        return b.numel() < Shape.numel(shape);
    }

    @Override public Tensor add(Tensor a, Tensor b) { return binary("add", Elementwise.Binary.ADD, a, b); }
    @Override public Tensor sub(Tensor a, Tensor b) { return binary("sub", Elementwise.Binary.SUB, a, b); }
    @Override public Tensor mul(Tensor a, Tensor b) { return binary("mul", Elementwise.Binary.MUL, a, b); }
    @Override public Tensor div(Tensor a, Tensor b) { return binary("div", Elementwise.Binary.DIV, a, b); }

    private Tensor unary(Elementwise.Unary f, float s, Tensor x) {
        float[] in = dense(x), out = new float[in.length];
        par.forRange(in.length, GRAIN, (from, to) -> Elementwise.unary(f, s, in, out, from, to));
        return tensor(out, x.shape());
    }

    @Override public Tensor scale(Tensor x, double s) { return unary(Elementwise.Unary.SCALE, (float) s, x); }
    @Override public Tensor exp(Tensor x) { return unary(Elementwise.Unary.EXP, 0f, x); }
    @Override public Tensor log(Tensor x) { return unary(Elementwise.Unary.LOG, 0f, x); }
    @Override public Tensor silu(Tensor x) { return unary(Elementwise.Unary.SILU, 0f, x); }
    @Override public Tensor gelu(Tensor x) { return unary(Elementwise.Unary.GELU, 0f, x); }

    private Tensor derivative(String name, Elementwise.Derivative f, Tensor x, Tensor dy) {
        OpShapes.sameShape(name, x, dy);
        float[] in = dense(x), g = dense(dy), out = new float[in.length];
        par.forRange(in.length, GRAIN, (from, to) -> Elementwise.backward(f, in, g, out, from, to));
        return tensor(out, x.shape());
    }

    @Override public Tensor siluBackward(Tensor x, Tensor dy) { return derivative("siluBackward", Elementwise.Derivative.SILU, x, dy); }
    @Override public Tensor geluBackward(Tensor x, Tensor dy) { return derivative("geluBackward", Elementwise.Derivative.GELU, x, dy); }

    @Override
    public Tensor maskedFill(Tensor x, Tensor mask, double value) {
        Shape.broadcast("maskedFill", mask.shape(), x.shape());
        float[] v = dense(x).clone(), m = dense(mask.broadcastTo(x.shape()));
        float fill = (float) value;
        for (int i = 0; i < v.length; i++) if (m[i] != 0f) v[i] = fill;
        return tensor(v, x.shape());
    }

    // ---- reductions ----------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor x, int dim, boolean keepDim) {
        int[] outShape = OpShapes.sum(x, dim, keepDim), shape = x.shape();
        int d = Shape.dim("sum", shape, dim);
        int outer = (int) Shape.numel(Arrays.copyOf(shape, d)), n = shape[d];
        int inner = (int) Shape.numel(Arrays.copyOfRange(shape, d + 1, shape.length));
        float[] v = dense(x), out = new float[outer * inner];
        par.forRange(outer, Math.max(1, GRAIN / Math.max(1, n * inner)), (from, to) -> {
            for (int o = from; o < to; o++) {
                if (inner == 1) {
                    out[o] = RowKernels.sum(v, o * n, n);
                } else {
                    for (int i = 0; i < n; i++) Elementwise.binary(Elementwise.Binary.ADD, out, o * inner, v, (o * n + i) * inner, out, o * inner, inner);
                }
            }
        });
        return tensor(out, outShape);
    }

    @Override
    public int[] argmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("argmax", x);
        float[] v = dense(x);
        int[] out = new int[r.rows()];
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width(), best = 0;
            for (int j = 1; j < r.width(); j++) if (v[o + j] > v[o + best]) best = j;
            out[row] = best;
        }
        return out;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        float[] v = dense(x);
        return Elementwise.sumOfSquares(v, 0, v.length);
    }

    // ---- normalisation -------------------------------------------------------------------------

    @FunctionalInterface
    private interface RowOp {
        void row(int offset, int width);
    }

    private void forEachRow(OpShapes.Rows r, RowOp op) {
        par.forRange(r.rows(), Math.max(1, GRAIN / Math.max(1, r.width())), (from, to) -> {
            for (int row = from; row < to; row++) op.row(row * r.width(), r.width());
        });
    }

    @Override
    public Tensor softmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("softmax", x);
        float[] v = dense(x), out = new float[v.length];
        forEachRow(r, (o, n) -> RowKernels.softmax(v, o, out, o, n));
        return tensor(out, x.shape());
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        OpShapes.sameShape("softmaxBackward", y, dy);
        OpShapes.Rows r = OpShapes.rows("softmaxBackward", y);
        float[] p = dense(y), g = dense(dy), out = new float[p.length];
        forEachRow(r, (o, n) -> RowKernels.softmaxBackward(p, g, out, o, n));
        return tensor(out, y.shape());
    }

    @Override
    public Tensor logSoftmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("logSoftmax", x);
        float[] v = dense(x), out = new float[v.length];
        forEachRow(r, (o, n) -> {
            float lse = RowKernels.logSumExp(v, o, n);
            RowKernels.affine(v, o, 1f, -lse, out, o, n);
        });
        return tensor(out, x.shape());
    }

    @Override
    public Tensor logSoftmaxBackward(Tensor y, Tensor dy) {
        OpShapes.sameShape("logSoftmaxBackward", y, dy);
        OpShapes.Rows r = OpShapes.rows("logSoftmaxBackward", y);
        float[] ly = dense(y), g = dense(dy), out = new float[ly.length];
        forEachRow(r, (o, n) -> RowKernels.logSoftmaxBackward(ly, g, out, o, n));
        return tensor(out, y.shape());
    }

    @Override
    public Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
        OpShapes.rmsNorm(x, weight);
        OpShapes.Rows r = OpShapes.rows("rmsNorm", x);
        float[] v = dense(x), w = dense(weight), out = new float[v.length];
        forEachRow(r, (o, n) -> RowKernels.rmsNorm(v, o, w, (float) eps, out, n));
        return tensor(out, x.shape());
    }

    @Override
    public Gradients2 rmsNormBackward(Tensor x, Tensor weight, double eps, Tensor dy) {
        OpShapes.rmsNorm(x, weight);
        OpShapes.sameShape("rmsNormBackward", x, dy);
        OpShapes.Rows r = OpShapes.rows("rmsNormBackward", x);
        float[] v = dense(x), w = dense(weight), g = dense(dy), dx = new float[v.length];
        // Each thread sums dWeight over its own rows; the partial sums are added at the end.
        int chunks = Math.max(1, Math.min(par.threads(), r.rows()));
        float[][] partial = new float[chunks][r.width()];
        int per = (r.rows() + chunks - 1) / chunks;
        par.forEach(chunks, c -> {
            for (int row = c * per; row < Math.min(r.rows(), (c + 1) * per); row++) {
                RowKernels.rmsNormBackward(v, row * r.width(), w, (float) eps, g, dx, partial[c], r.width());
            }
        });
        for (int c = 1; c < chunks; c++) Elementwise.axpy(1f, partial[c], 0, partial[0], 0, r.width());
        return new Gradients2(tensor(dx, x.shape()), tensor(partial[0], r.width()));
    }

    // ---- transformer ---------------------------------------------------------------------------

    @Override
    public Tensor rope(Tensor x, int[] positions, double theta, boolean inverse) {
        OpShapes.rope(x, positions);
        int t = x.size(-2), d = x.size(-1), half = d / 2;
        float[] v = dense(x), out = new float[v.length];
        float[][] table = Rope.cosSin(positions, d, theta);
        float[] cos = table[0], sin = table[1];
        float sign = inverse ? -1f : 1f;
        forEachRow(new OpShapes.Rows(v.length / d, d), (o, n) -> {
            int at = ((o / d) % t) * half;
            for (int i = 0; i < half; i++) {
                float c = cos[at + i], s = sign * sin[at + i], x1 = v[o + i], x2 = v[o + i + half];
                out[o + i] = x1 * c - x2 * s;
                out[o + i + half] = x2 * c + x1 * s;
            }
        });
        return tensor(out, x.shape());
    }

    @Override
    public Tensor embedding(Tensor table, int[] ids) {
        OpShapes.embedding(table, ids);
        int d = table.size(1);
        float[] out = new float[ids.length * d];
        Tensor rows = table.isContiguous() ? table : contiguousCopy(table);
        FloatSource w = FloatSource.of(rows.storage());
        for (int i = 0; i < ids.length; i++) {
            long from = rows.offset() + (long) ids[i] * d;
            if (w.heap != null) System.arraycopy(w.heap, (int) from, out, i * d, d);
            else for (int j = 0; j < d; j++) out[i * d + j] = w.scalar(from + j);
        }
        return tensor(out, ids.length, d);
    }

    @Override
    public Tensor embeddingBackward(Tensor dy, int[] ids, int vocab) {
        Shape.require(dy.rank() == 2 && dy.size(0) == ids.length, "embeddingBackward", "dy must be [ids, D]", dy.shape(), new int[] {ids.length});
        int d = dy.size(1);
        float[] g = dense(dy), out = new float[Math.toIntExact((long) vocab * d)];
        for (int i = 0; i < ids.length; i++) Elementwise.binary(Elementwise.Binary.ADD, out, ids[i] * d, g, i * d, out, ids[i] * d, d);
        return tensor(out, vocab, d);
    }

    /** A {@code [B, H, T, D]} tensor as the attention kernel reads it: in place when each head's rows are row-major (a cache window). */
    private AttentionKernel.Heads heads(Tensor x) {
        int d = x.size(3);
        Tensor h = x.storage() instanceof FloatStorage && x.stride(3) == 1 && x.stride(2) == d ? x : contiguousCopy(x);
        return new AttentionKernel.Heads(array(h), h.offset(), h.stride(0), h.stride(1));
    }

    @Override
    public Attention attention(Tensor q, Tensor k, Tensor v, double scale, boolean causal) {
        OpShapes.Attention s = OpShapes.attention(q, k, v);
        float[] out = new float[Math.toIntExact(q.numel())], lse = new float[s.batch() * s.heads() * s.t()];
        AttentionKernel kernel = new AttentionKernel(s, heads(q), heads(k), heads(v), (float) scale, causal);
        par.forEach(s.batch() * s.heads(), bh -> kernel.forward(bh, out, lse));
        return new Attention(tensor(out, q.shape()), tensor(lse, s.batch(), s.heads(), s.t()));
    }

    @Override
    public Gradients3 attentionBackward(Tensor q, Tensor k, Tensor v, Attention forward, Tensor dOut, double scale, boolean causal) {
        OpShapes.Attention s = OpShapes.attention(q, k, v);
        OpShapes.sameShape("attentionBackward", q, dOut);
        float[] dq = new float[Math.toIntExact(q.numel())], dk = new float[Math.toIntExact(k.numel())], dv = new float[dk.length];
        AttentionKernel kernel = new AttentionKernel(s, heads(q), heads(k), heads(v), (float) scale, causal);
        float[] o = dense(forward.out()), lse = dense(forward.logSumExp()), g = dense(dOut);
        // One task per key/value head: the query heads of a group add into the same dk, dv rows.
        par.forEach(s.batch() * s.kvHeads(), bkv -> kernel.backward(bkv, o, lse, g, dq, dk, dv));
        return new Gradients3(tensor(dq, q.shape()), tensor(dk, k.shape()), tensor(dv, v.shape()));
    }

    // ---- loss ------------------------------------------------------------------------------------

    @Override
    public CrossEntropy crossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        OpShapes.crossEntropy(logits, targets, ignoreIndex);
        int n = logits.size(0), vocab = logits.size(1);
        float[] z = dense(logits), lse = new float[n];
        forEachRow(new OpShapes.Rows(n, vocab), (o, w) -> lse[o / w] = RowKernels.logSumExp(z, o, w));
        double total = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] == ignoreIndex) continue;
            total += (double) lse[i] - z[i * vocab + targets[i]];
            counted++;
        }
        return new CrossEntropy(total / counted, counted, tensor(lse, n));
    }

    @Override
    public Tensor crossEntropyBackward(Tensor logits, CrossEntropy forward, int[] targets, int ignoreIndex, double dLoss) {
        OpShapes.crossEntropy(logits, targets, ignoreIndex);
        int vocab = logits.size(1);
        float[] z = dense(logits), lse = dense(forward.logSumExp()), out = new float[z.length];
        float g = (float) (dLoss / forward.counted());
        forEachRow(new OpShapes.Rows(logits.size(0), vocab), (o, w) -> {
            int i = o / w;
            if (targets[i] == ignoreIndex) return;
            RowKernels.expShifted(z, o, lse[i], out, o, w);
            RowKernels.affine(out, o, g, 0f, out, o, w);
            out[o + targets[i]] -= g;
        });
        return tensor(out, logits.shape());
    }

    // ---- in place --------------------------------------------------------------------------------

    private static float[] whole(String op, Tensor x) {
        OpShapes.whole(op, x);
        return array(x);
    }

    @Override
    public void addInPlace(Tensor dst, Tensor src, double alpha) {
        OpShapes.sameShape("addInPlace", dst, src);
        float[] d = whole("addInPlace", dst), s = dense(src);
        par.forRange(d.length, GRAIN, (from, to) -> Elementwise.axpy((float) alpha, s, from, d, from, to - from));
    }

    @Override
    public void scaleInPlace(Tensor x, double s) {
        float[] d = whole("scaleInPlace", x);
        par.forRange(d.length, GRAIN, (from, to) -> Elementwise.unary(Elementwise.Unary.SCALE, (float) s, d, d, from, to));
    }

    @Override
    public void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWHyper hp, int step) {
        OpShapes.sameShape("adamW", param, grad);
        float[] p = whole("adamW", param), g = dense(grad), m1 = whole("adamW", m), m2 = whole("adamW", v);
        AdamW.Step s = AdamW.Step.of(hp, step);
        par.forRange(p.length, GRAIN, (from, to) -> AdamW.update(s, p, g, m1, m2, from, to));
    }
}
