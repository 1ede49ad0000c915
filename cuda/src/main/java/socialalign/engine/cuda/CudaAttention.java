package socialalign.engine.cuda;

import jcuda.driver.CUdeviceptr;
import socialalign.engine.Backend.Attention;
import socialalign.engine.Backend.Gradients3;
import socialalign.engine.OpShapes;
import socialalign.engine.Tensor;

/**
 * Attention as cuBLAS products around three kernels (attention.cu). The query heads that share a key/value head are
 * stacked into one matrix {@code Qg [group * T, D]}, so every product is one strided batch over {@code B * Hkv}:
 * <pre>
 *   forward:  S = Qg K^T;  P = softmax(scale S) masked;  O = P V
 *   backward: P again from the log-sum-exp;  dP = dO V^T;  dS = P (dP - rowsum(dO * O));
 *             dV = P^T dO;  dQ = scale dS K;  dK = scale dS^T Qg   (dV, dK sum over the group by themselves)
 * </pre>
 * The scores are materialised ({@code B * Hq * T * S} floats, a scratch block for the op's duration). Keys and values
 * are read in place when each head's rows are row-major, as in a window of a KV cache.
 */
final class CudaAttention {
    private final CudaBackend gpu;

    CudaAttention(CudaBackend gpu) {
        this.gpu = gpu;
    }

    /** The shapes of one call and its operands in cuBLAS's terms. */
    private final class Plan {
        final OpShapes.Attention s;
        final int batch, rows;
        final Tensor q, k, v;
        final Blas.Operand qg, keysT, keys, values, valuesT;

        Plan(Tensor q, Tensor k, Tensor v) {
            s = OpShapes.attention(q, k, v);
            batch = s.batch() * s.kvHeads();
            rows = s.group() * s.t();
            this.q = q.contiguous();
            this.k = heads(k);
            this.v = heads(v);
            qg = stacked(this.q.offset(), gpu.base(this.q), s.headDim());
            keys = new Blas.Operand(gpu.base(this.k), this.k.offset(), s.s(), s.headDim(), this.k.stride(2), 1, this.k.stride(1));
            keysT = transposed(keys);
            values = new Blas.Operand(gpu.base(this.v), this.v.offset(), s.s(), s.headDim(), this.v.stride(2), 1, this.v.stride(1));
            valuesT = transposed(values);
        }

        /** {@code [group * T, cols]} row-major per key/value head, from a row-major {@code [B, Hq, T, cols]}. */
        Blas.Operand stacked(long offset, CUdeviceptr base, int cols) {
            return new Blas.Operand(base, offset, rows, cols, cols, 1, (long) rows * cols);
        }

        Blas.Operand scores(CUdeviceptr p) {
            return new Blas.Operand(p, 0, rows, s.s(), s.s(), 1, (long) rows * s.s());
        }

        long scoreElements() {
            return (long) batch * rows * s.s();
        }

        void product(Blas.Operand a, Blas.Operand b, int m, int n, int k, float alpha, CUdeviceptr c) {
            gpu.blas.gemm(gpu.precision(), batch, m, n, k, alpha, a, b, 0f, c, (long) m * n);
        }
    }

    /** x itself when each head's rows are row-major and heads follow each other across the batch, else a copy. */
    private static Tensor heads(Tensor x) {
        int d = x.size(3);
        boolean inPlace = x.stride(3) == 1 && (x.stride(2) == d || x.size(2) == 1)
                && (x.size(0) == 1 || x.stride(0) == x.size(1) * x.stride(1));
        return inPlace ? x : x.contiguous();
    }

    private static Blas.Operand transposed(Blas.Operand x) {
        return new Blas.Operand(x.base(), x.offset(), x.cols(), x.rows(), x.colStride(), x.rowStride(), x.batchStride());
    }

    Attention forward(Tensor q, Tensor k, Tensor v, double scale, boolean causal) {
        Plan p = new Plan(q, k, v);
        OpShapes.Attention s = p.s;
        Tensor out = gpu.empty(q.shape()), lse = gpu.empty(s.batch(), s.heads(), s.t());
        if (out.numel() == 0) return new Attention(out, lse);
        try (DeviceAllocator.Scratch scores = gpu.memory.scratch(4 * p.scoreElements(), "attention scores")) {
            p.product(p.qg, p.keysT, p.rows, s.s(), s.headDim(), 1f, scores.pointer);
            gpu.device.launchRows("attention_softmax", p.batch * p.rows, scores.pointer, gpu.base(lse), s.t(), s.s(), (float) scale, causal ? 1 : 0);
            p.product(p.scores(scores.pointer), p.values, p.rows, s.headDim(), s.s(), 1f, gpu.base(out));
        }
        return new Attention(out, lse);
    }

    Gradients3 backward(Tensor q, Tensor k, Tensor v, Attention forward, Tensor dOut, double scale, boolean causal) {
        Plan p = new Plan(q, k, v);
        OpShapes.Attention s = p.s;
        OpShapes.sameShape("attentionBackward", q, dOut);
        Tensor dq = gpu.empty(q.shape()), dk = gpu.empty(k.shape()), dv = gpu.empty(v.shape());
        if (dq.numel() == 0 || dk.numel() == 0) return new Gradients3(gpu.zeros(q.shape()), gpu.zeros(k.shape()), gpu.zeros(v.shape()));
        Tensor g = dOut.contiguous(), o = forward.out().contiguous();
        Blas.Operand dog = p.stacked(g.offset(), gpu.base(g), s.headDim());
        long elements = p.scoreElements();
        try (DeviceAllocator.Scratch probs = gpu.memory.scratch(4 * elements, "attention probabilities");
             DeviceAllocator.Scratch grads = gpu.memory.scratch(4 * elements, "attention score gradients")) {
            Blas.Operand pm = p.scores(probs.pointer), ds = p.scores(grads.pointer);
            p.product(p.qg, p.keysT, p.rows, s.s(), s.headDim(), 1f, probs.pointer);
            gpu.device.launchRows("attention_probabilities", p.batch * p.rows, probs.pointer, gpu.rows(forward.logSumExp()), s.t(), s.s(),
                    (float) scale, causal ? 1 : 0);
            p.product(dog, p.valuesT, p.rows, s.s(), s.headDim(), 1f, grads.pointer);
            gpu.device.launchRows("attention_score_grad", p.batch * p.rows, grads.pointer, probs.pointer, gpu.rows(g), gpu.rows(o), s.s(), s.headDim());
            p.product(transposed(pm), dog, s.s(), s.headDim(), p.rows, 1f, gpu.base(dv));
            p.product(ds, p.keys, p.rows, s.headDim(), s.s(), (float) scale, gpu.base(dq));
            p.product(transposed(ds), p.qg, s.s(), s.headDim(), p.rows, (float) scale, gpu.base(dk));
        }
        return new Gradients3(dq, dk, dv);
    }
}
