package socialalign.engine.cpu;

import socialalign.engine.OpShapes;

/**
 * Causal grouped-query attention on {@code q [B, Hq, T, D]}, {@code k, v [B, Hkv, S, D]}, one score row at a
 * time: memory is O(S) per row, never the whole T x S matrix. The backward recomputes each row's
 * probabilities from the saved log-sum-exp. Keys and values may be windows of a larger cache: only each
 * head's {@code S x D} block must be row-major.
 */
final class AttentionKernel {
    /** {@code [B, H, T, D]}, element (b, h, t, c) at {@code offset + b*batchStride + h*headStride + t*D + c}. */
    record Heads(float[] data, int offset, int batchStride, int headStride) {
        int head(int b, int h) {
            return offset + b * batchStride + h * headStride;
        }
    }

    private final OpShapes.Attention s;
    private final Heads q, k, v;
    private final float scale;
    private final boolean causal;

    AttentionKernel(OpShapes.Attention shape, Heads q, Heads k, Heads v, float scale, boolean causal) {
        this.s = shape;
        this.q = q;
        this.k = k;
        this.v = v;
        this.scale = scale;
        this.causal = causal;
    }

    private int visible(int i) {
        return causal ? i + s.s() - s.t() + 1 : s.s();
    }

    /**
     * From this many queries on (training, prefill) a head's scores are computed as matrix products, Q K^T, P V and
     * their gradients, by the packed GEMM; below it (decoding) one row at a time, which needs no T x S buffer.
     */
    static final int BLOCKED_QUERIES = 32;

    /** Query head {@code bh = b * Hq + h}: all of its rows; out {@code [B, Hq, T, D]} and lse {@code [B, Hq, T]} dense. */
    void forward(int bh, float[] out, float[] lse) {
        if (s.t() >= BLOCKED_QUERIES) {
            forwardBlocked(bh, out, lse);
            return;
        }
        int b = bh / s.heads(), h = bh % s.heads(), d = s.headDim();
        int qh = q.head(b, h), kh = k.head(b, h / s.group()), vh = v.head(b, h / s.group());
        float[] p = new float[s.s()];
        for (int i = 0; i < s.t(); i++) {
            int qo = qh + i * d, oo = (bh * s.t() + i) * d, n = visible(i);
            for (int j = 0; j < n; j++) p[j] = scale * RowKernels.dot(q.data(), qo, k.data(), kh + j * d, d);
            float max = RowKernels.max(p, 0, n);
            float sum = RowKernels.expShifted(p, 0, max, p, 0, n);
            lse[bh * s.t() + i] = max + (float) Math.log(sum);
            float inv = 1f / sum;
            for (int j = 0; j < n; j++) Elementwise.axpy(p[j] * inv, v.data(), vh + j * d, out, oo, d);
        }
    }

    /**
     * Key/value head {@code bkv = b * Hkv + g} with its group of query heads; dq {@code [B, Hq, T, D]} and
     * dk, dv {@code [B, Hkv, S, D]} dense. With P = softmax(scale q k^T): dv += P^T dO,
     * dS = P * (dO v^T - rowsum(dO * O)), dq = scale dS k, dk = scale dS^T q.
     */
    void backward(int bkv, float[] o, float[] lse, float[] dOut, float[] dq, float[] dk, float[] dv) {
        if (s.t() >= BLOCKED_QUERIES) {
            backwardBlocked(bkv, o, lse, dOut, dq, dk, dv);
            return;
        }
        int b = bkv / s.kvHeads(), g = bkv % s.kvHeads(), d = s.headDim();
        int kh = k.head(b, g), vh = v.head(b, g), grad = bkv * s.s() * d;
        for (int h = g * s.group(); h < (g + 1) * s.group(); h++) {
            int bh = b * s.heads() + h, qh = q.head(b, h);
            for (int i = 0; i < s.t(); i++) {
                int qo = qh + i * d, oo = (bh * s.t() + i) * d, n = visible(i);
                float rowDot = RowKernels.dot(dOut, oo, o, oo, d), rowLse = lse[bh * s.t() + i];
                for (int j = 0; j < n; j++) {
                    float p = VectorMath.exp(scale * RowKernels.dot(q.data(), qo, k.data(), kh + j * d, d) - rowLse);
                    float ds = p * (RowKernels.dot(dOut, oo, v.data(), vh + j * d, d) - rowDot);
                    Elementwise.axpy(p, dOut, oo, dv, grad + j * d, d);
                    Elementwise.axpy(scale * ds, k.data(), kh + j * d, dq, oo, d);
                    Elementwise.axpy(scale * ds, q.data(), qo, dk, grad + j * d, d);
                }
            }
        }
    }

    // ---- many queries: the same math as matrix products ------------------------------------------------

    private static Gemm.Operand rows(float[] data, int offset, int width) {
        return new Gemm.Operand(FloatSource.of(data), offset, 0, width, 1);
    }

    private static Gemm.Operand columns(float[] data, int offset, int width) {
        return new Gemm.Operand(FloatSource.of(data), offset, 0, 1, width);
    }

    /** {@code C [m, n] = A B} into a fresh row-major array. */
    private static float[] product(int m, int n, int k, Gemm.Operand a, Gemm.Operand b) {
        float[] c = new float[m * n];
        Gemm.multiply(Gemm.SERIAL, 1, m, n, k, a, b, c);
        return c;
    }

    /** P = softmax(scale Q K^T) of query head (b, h) as {@code [T, S]}, masked entries 0, from the saved log-sum-exp. */
    private float[] probabilities(int b, int h, float[] lse, int bh) {
        int t = s.t(), n = s.s(), d = s.headDim();
        float[] p = product(t, n, d, rows(q.data(), q.head(b, h), d), columns(k.data(), k.head(b, h / s.group()), d));
        for (int i = 0; i < t; i++) {
            int visible = visible(i);
            float rowLse = lse[bh * t + i];
            for (int j = 0; j < visible; j++) p[i * n + j] = VectorMath.exp(scale * p[i * n + j] - rowLse);
            java.util.Arrays.fill(p, i * n + visible, (i + 1) * n, 0f);
        }
        return p;
    }

    private void forwardBlocked(int bh, float[] out, float[] lse) {
        int b = bh / s.heads(), h = bh % s.heads(), t = s.t(), n = s.s(), d = s.headDim();
        float[] p = product(t, n, d, rows(q.data(), q.head(b, h), d), columns(k.data(), k.head(b, h / s.group()), d));
        for (int i = 0; i < t; i++) {
            int o = i * n, visible = visible(i);
            RowKernels.affine(p, o, scale, 0f, p, o, visible);
            float max = RowKernels.max(p, o, visible);
            float sum = RowKernels.expShifted(p, o, max, p, o, visible);
            lse[bh * t + i] = max + (float) Math.log(sum);
            RowKernels.affine(p, o, 1f / sum, 0f, p, o, visible);
            java.util.Arrays.fill(p, o + visible, o + n, 0f);
        }
        float[] head = product(t, d, n, rows(p, 0, n), rows(v.data(), v.head(b, h / s.group()), d));
        System.arraycopy(head, 0, out, bh * t * d, t * d);
    }

    /** dv += P^T dO, dS = scale P * (dO V^T - rowsum(dO * O)), dq = dS K, dk += dS^T Q, over the group's query heads. */
    private void backwardBlocked(int bkv, float[] o, float[] lse, float[] dOut, float[] dq, float[] dk, float[] dv) {
        int b = bkv / s.kvHeads(), g = bkv % s.kvHeads(), t = s.t(), n = s.s(), d = s.headDim();
        float[] dkGroup = new float[n * d], dvGroup = new float[n * d];
        for (int h = g * s.group(); h < (g + 1) * s.group(); h++) {
            int bh = b * s.heads() + h, head = bh * t * d;
            float[] p = probabilities(b, h, lse, bh);
            Gemm.multiply(Gemm.SERIAL, 1, n, d, t, columns(p, 0, n), rows(dOut, head, d), dvGroup);
            float[] ds = product(t, n, d, rows(dOut, head, d), columns(v.data(), v.head(b, g), d));
            for (int i = 0; i < t; i++) {
                float rowDot = RowKernels.dot(dOut, head + i * d, o, head + i * d, d);
                for (int j = 0; j < n; j++) ds[i * n + j] = scale * p[i * n + j] * (ds[i * n + j] - rowDot);
            }
            float[] dqHead = product(t, d, n, rows(ds, 0, n), rows(k.data(), k.head(b, g), d));
            System.arraycopy(dqHead, 0, dq, head, t * d);
            Gemm.multiply(Gemm.SERIAL, 1, n, d, t, columns(ds, 0, n), rows(q.data(), q.head(b, h), d), dkGroup);
        }
        System.arraycopy(dkGroup, 0, dk, bkv * n * d, n * d);
        System.arraycopy(dvGroup, 0, dv, bkv * n * d, n * d);
    }
}
