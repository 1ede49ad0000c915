package socialalign.engine;

import java.util.Arrays;
import java.util.List;

/** Shape checking and output shapes of the ops, shared by every backend so that all agree on errors. */
public final class OpShapes {
    private OpShapes() {}

    /** {@code [batch..., M, K] @ [batch..., K, N]}; b may be 2-D (shared by every batch). */
    public record Matmul(int batch, int m, int k, int n, boolean bShared, int[] out) {}

    public static Matmul matmul(Tensor a, Tensor b, Tensor bias) {
        int[] as = a.shape(), bs = b.shape();
        Shape.require(as.length >= 2 && bs.length >= 2, "matmul", "operands need rank >= 2", as, bs);
        int m = as[as.length - 2], k = as[as.length - 1], n = bs[bs.length - 1];
        Shape.require(bs[bs.length - 2] == k, "matmul", "inner dimensions differ", as, bs);
        boolean bShared = bs.length == 2;
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        if (!bShared) {
            Shape.require(Arrays.equals(batchA, Arrays.copyOf(bs, bs.length - 2)), "matmul", "batch dimensions differ", as, bs);
        }
        if (bias != null) Shape.require(bias.hasShape(n), "matmul", "bias must be [N]", bs, bias.shape());
        int[] out = Arrays.copyOf(as, as.length);
        out[out.length - 1] = n;
        return new Matmul((int) Shape.numel(batchA), m, k, n, bShared, out);
    }

    /** The shape of an element-wise result. */
    public static int[] elementwise(String op, Tensor a, Tensor b) {
        return Shape.broadcast(op, a.shape(), b.shape());
    }

    public static void sameShape(String op, Tensor a, Tensor b) {
        Shape.require(Arrays.equals(a.shape(), b.shape()), op, "shapes must be equal", a.shape(), b.shape());
    }

    /** Rows and width of a last-dimension op on {@code x}. */
    public record Rows(int rows, int width) {}

    public static Rows rows(String op, Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException(op + ": needs rank >= 1, got a scalar");
        int width = x.size(-1);
        return new Rows(width == 0 ? 0 : (int) (x.numel() / width), width);
    }

    public static void rmsNorm(Tensor x, Tensor weight) {
        Shape.require(weight.hasShape(x.size(-1)), "rmsNorm", "weight must be [D] with D the last dimension of x", x.shape(), weight.shape());
    }

    public static void rope(Tensor x, int[] positions) {
        Shape.require(x.rank() >= 2 && x.size(-1) % 2 == 0, "rope", "x must be [..., T, D] with D even", x.shape(), new int[] {positions.length});
        Shape.require(x.size(-2) == positions.length, "rope", "one position per token", x.shape(), new int[] {positions.length});
    }

    public static void embedding(Tensor table, int[] ids) {
        if (table.rank() != 2) throw new IllegalArgumentException("embedding: table must be [V, D], got " + Shape.str(table.shape()));
        for (int id : ids) {
            if (id < 0 || id >= table.size(0)) {
                throw new IllegalArgumentException("embedding: id " + id + " outside the table of shape " + Shape.str(table.shape()));
            }
        }
    }

    /** {@code q [B, Hq, T, D]}, {@code k, v [B, Hkv, S, D]}. */
    public record Attention(int batch, int heads, int kvHeads, int t, int s, int headDim) {
        public int group() { return heads / kvHeads; }
    }

    public static Attention attention(Tensor q, Tensor k, Tensor v) {
        Shape.require(q.rank() == 4 && k.rank() == 4, "attention", "q and k must be [B, H, T, D]", q.shape(), k.shape());
        Shape.require(Arrays.equals(k.shape(), v.shape()), "attention", "k and v must have one shape", k.shape(), v.shape());
        int b = q.size(0), h = q.size(1), t = q.size(2), d = q.size(3);
        int hkv = k.size(1), s = k.size(2);
        Shape.require(k.size(0) == b && k.size(3) == d, "attention", "batch and head size of q and k differ", q.shape(), k.shape());
        Shape.require(hkv > 0 && h % hkv == 0, "attention", "query heads must be a multiple of key/value heads", q.shape(), k.shape());
        Shape.require(s >= t, "attention", "fewer keys than queries", q.shape(), k.shape());
        return new Attention(b, h, hkv, t, s, d);
    }

    public static int[] concat(List<Tensor> xs, int dim) {
        if (xs.isEmpty()) throw new IllegalArgumentException("concat: no tensors");
        int[] out = xs.get(0).shape();
        int d = Shape.dim("concat", out, dim);
        out[d] = 0;
        for (Tensor x : xs) {
            int[] s = x.shape();
            boolean ok = s.length == out.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == d || s[i] == out[i];
            Shape.require(ok, "concat", "sizes differ outside dimension " + d, xs.get(0).shape(), s);
            out[d] += s[d];
        }
        return out;
    }

    public static void crossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        Shape.require(logits.rank() == 2 && logits.size(0) == targets.length, "crossEntropy", "logits [N, V] need N targets",
                logits.shape(), new int[] {targets.length});
        for (int t : targets) {
            if (t != ignoreIndex && (t < 0 || t >= logits.size(1))) {
                throw new IllegalArgumentException("crossEntropy: target " + t + " outside vocabulary of " + logits.size(1));
            }
        }
    }

    public static int[] sum(Tensor x, int dim, boolean keepDim) {
        int[] s = x.shape();
        int d = Shape.dim("sum", s, dim);
        if (keepDim) {
            s[d] = 1;
            return s;
        }
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d) out[j++] = s[i];
        return out;
    }

    /** In-place ops write through the storage array: the tensor must cover all of it, row-major. */
    public static void whole(String op, Tensor x) {
        if (!x.isContiguous() || x.offset() != 0 || x.numel() != x.storage().length()) {
            throw new IllegalArgumentException(op + ": needs a whole row-major tensor, got a view of shape " + Shape.str(x.shape()));
        }
    }
}
