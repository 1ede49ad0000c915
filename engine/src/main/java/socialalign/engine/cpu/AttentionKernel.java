package socialalign.engine.cpu;

import socialalign.engine.OpShapes;

/**
 * Causal grouped-query attention on dense {@code q [B, Hq, T, D]}, {@code k, v [B, Hkv, S, D]}, one score row
 * at a time: memory is O(S) per row, never the whole T x S matrix. The backward recomputes each row's
 * probabilities from the saved log-sum-exp.
 */
final class AttentionKernel {
    private final OpShapes.Attention s;
    private final float[] q, k, v;
    private final float scale;
    private final boolean causal;

    AttentionKernel(OpShapes.Attention shape, float[] q, float[] k, float[] v, float scale, boolean causal) {
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

    private int kvBase(int b, int h) {
        return (b * s.kvHeads() + h / s.group()) * s.s() * s.headDim();
    }

    /** Query head {@code bh = b * Hq + h}: all of its rows. */
    void forward(int bh, float[] out, float[] lse) {
        int b = bh / s.heads(), h = bh % s.heads(), d = s.headDim(), kv = kvBase(b, h);
        float[] p = new float[s.s()];
        for (int i = 0; i < s.t(); i++) {
            int qo = (bh * s.t() + i) * d, n = visible(i);
            for (int j = 0; j < n; j++) p[j] = scale * RowKernels.dot(q, qo, k, kv + j * d, d);
            float max = RowKernels.max(p, 0, n);
            float sum = RowKernels.expShifted(p, 0, max, p, 0, n);
            lse[bh * s.t() + i] = max + (float) Math.log(sum);
            float inv = 1f / sum;
            for (int j = 0; j < n; j++) Elementwise.axpy(p[j] * inv, v, kv + j * d, out, qo, d);
        }
    }

    /**
     * Key/value head {@code bkv = b * Hkv + g} with its group of query heads. With P = softmax(scale q k^T):
     * dv += P^T dO, dS = P * (dO v^T - rowsum(dO * O)), dq = scale dS k, dk = scale dS^T q.
     */
    void backward(int bkv, float[] o, float[] lse, float[] dOut, float[] dq, float[] dk, float[] dv) {
        int b = bkv / s.kvHeads(), g = bkv % s.kvHeads(), d = s.headDim(), kv = bkv * s.s() * d;
        for (int h = g * s.group(); h < (g + 1) * s.group(); h++) {
            int bh = b * s.heads() + h;
            for (int i = 0; i < s.t(); i++) {
                int qo = (bh * s.t() + i) * d, n = visible(i);
                float rowDot = RowKernels.dot(dOut, qo, o, qo, d), rowLse = lse[bh * s.t() + i];
                for (int j = 0; j < n; j++) {
                    int ko = kv + j * d;
                    float p = (float) Math.exp(scale * RowKernels.dot(q, qo, k, ko, d) - rowLse);
                    float ds = p * (RowKernels.dot(dOut, qo, v, ko, d) - rowDot);
                    Elementwise.axpy(p, dOut, qo, dv, ko, d);
                    Elementwise.axpy(scale * ds, k, ko, dq, qo, d);
                    Elementwise.axpy(scale * ds, q, qo, dk, ko, d);
                }
            }
        }
    }
}
