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

    /** Query head {@code bh = b * Hq + h}: all of its rows; out {@code [B, Hq, T, D]} and lse {@code [B, Hq, T]} dense. */
    void forward(int bh, float[] out, float[] lse) {
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
}
