package socialalign.autograd;

import java.util.Arrays;
import java.util.List;
import socialalign.engine.Backend;
import socialalign.engine.Shape;
import socialalign.engine.Tensor;

/**
 * The differentiable functions: each computes its value on the operands' backend and records the rule
 * that turns the output's gradient {@code dy} into gradients of its inputs. Shapes are in comments as
 * {@code [rows, cols]}; {@code ...} stands for any leading dimensions.
 */
public final class F {
    private F() {}

    private static Backend be(Variable x) {
        return x.backend();
    }

    // ---- linear algebra ------------------------------------------------------------------------

    /** {@code a [..., M, K] @ b [..., K, N]}; b may be 2-D and shared. da = dy b^T, db = a^T dy. */
    public static Variable matmul(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = be(a).matmul(av, bv, null);
        return Variable.result(y, dy -> {
            if (a.requiresGrad()) a.accumulate(be(a).matmul(dy, bv.transpose(-1, -2), null));
            if (b.requiresGrad()) {
                if (bv.rank() == 2 && av.rank() > 2) {
                    // b is shared by every batch: fold the batches into rows.
                    int k = av.size(-1), n = dy.size(-1);
                    b.accumulate(be(a).matmul(av.reshape(-1, k).transpose(0, 1), dy.reshape(-1, n), null));
                } else {
                    b.accumulate(be(a).matmul(av.transpose(-1, -2), dy, null));
                }
            }
        }, a, b);
    }

    /**
     * {@code x [..., in] W^T + bias}, W {@code [out, in]} as in torch.nn.Linear; bias {@code [out]} or null.
     * dx = dy W, dW = dy^T x, dbias = sum of dy over rows.
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        Tensor xv = x.value(), w = weight.value();
        int in = w.size(1), out = w.size(0);
        if (xv.size(-1) != in) {
            throw new IllegalArgumentException("linear: input " + Shape.str(xv.shape()) + " for weight " + Shape.str(w.shape()));
        }
        int[] outShape = xv.shape();
        outShape[outShape.length - 1] = out;
        Tensor rows = xv.reshape(-1, in);
        Tensor y = be(x).matmul(rows, w.transpose(0, 1), bias == null ? null : bias.value()).reshape(outShape);
        Variable[] parents = bias == null ? new Variable[] {x, weight} : new Variable[] {x, weight, bias};
        return Variable.result(y, dy -> {
            Tensor g = dy.reshape(-1, out);
            if (x.requiresGrad()) x.accumulate(be(x).matmul(g, w, null).reshape(xv.shape()));
            if (weight.requiresGrad()) weight.accumulate(be(x).matmul(g.transpose(0, 1), rows, null));
            if (bias != null && bias.requiresGrad()) bias.accumulate(be(x).sum(g, 0, false));
        }, parents);
    }

    // ---- element-wise with broadcasting --------------------------------------------------------

    /** Sums a broadcast gradient back down to {@code shape}: over leading dimensions and stretched size-1 ones. */
    static Tensor sumTo(Tensor g, int[] shape) {
        Backend backend = g.backend();
        while (g.rank() > shape.length) g = backend.sum(g, 0, false);
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1 && g.size(d) != 1) g = backend.sum(g, d, true);
        }
        return g;
    }

    public static Variable add(Variable a, Variable b) {
        return Variable.result(be(a).add(a.value(), b.value()), dy -> {
            a.accumulate(sumTo(dy, a.shape()));
            b.accumulate(sumTo(dy, b.shape()));
        }, a, b);
    }

    public static Variable sub(Variable a, Variable b) {
        return Variable.result(be(a).sub(a.value(), b.value()), dy -> {
            a.accumulate(sumTo(dy, a.shape()));
            if (b.requiresGrad()) b.accumulate(sumTo(be(b).scale(dy, -1), b.shape()));
        }, a, b);
    }

    public static Variable mul(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        return Variable.result(be(a).mul(av, bv), dy -> {
            if (a.requiresGrad()) a.accumulate(sumTo(be(a).mul(dy, bv), a.shape()));
            if (b.requiresGrad()) b.accumulate(sumTo(be(b).mul(dy, av), b.shape()));
        }, a, b);
    }

    /** d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -y/b. */
    public static Variable div(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = be(a).div(av, bv);
        return Variable.result(y, dy -> {
            Tensor dyOverB = be(a).div(dy, bv);
            if (a.requiresGrad()) a.accumulate(sumTo(dyOverB, a.shape()));
            if (b.requiresGrad()) b.accumulate(sumTo(be(b).scale(be(b).mul(dyOverB, y), -1), b.shape()));
        }, a, b);
    }

    public static Variable scale(Variable x, double s) {
        return Variable.result(be(x).scale(x.value(), s), dy -> x.accumulate(be(x).scale(dy, s)), x);
    }

    public static Variable exp(Variable x) {
        Tensor y = be(x).exp(x.value());
        return Variable.result(y, dy -> x.accumulate(be(x).mul(dy, y)), x);
    }

    public static Variable log(Variable x) {
        Tensor xv = x.value();
        return Variable.result(be(x).log(xv), dy -> x.accumulate(be(x).div(dy, xv)), x);
    }

    public static Variable silu(Variable x) {
        Tensor xv = x.value();
        return Variable.result(be(x).silu(xv), dy -> x.accumulate(be(x).siluBackward(xv, dy)), x);
    }

    /** Exact (erf) GELU, as torch.nn.functional.gelu with approximate='none'. */
    public static Variable gelu(Variable x) {
        Tensor xv = x.value();
        return Variable.result(be(x).gelu(xv), dy -> x.accumulate(be(x).geluBackward(xv, dy)), x);
    }

    /** Where {@code mask != 0}, {@code value} (no gradient flows there); elsewhere x. */
    public static Variable maskedFill(Variable x, Tensor mask, double value) {
        return Variable.result(be(x).maskedFill(x.value(), mask, value),
                dy -> x.accumulate(be(x).maskedFill(dy, mask, 0)), x);
    }

    // ---- shape -----------------------------------------------------------------------------------

    public static Variable reshape(Variable x, int... shape) {
        int[] original = x.shape();
        return Variable.result(x.value().reshape(shape), dy -> x.accumulate(dy.reshape(original)), x);
    }

    public static Variable transpose(Variable x, int dim0, int dim1) {
        return Variable.result(x.value().transpose(dim0, dim1), dy -> x.accumulate(dy.transpose(dim0, dim1)), x);
    }

    /** Elements {@code start <= i < end} along dim; the gradient lands in that window of zeros. */
    public static Variable slice(Variable x, int dim, int start, int end) {
        return Variable.result(x.value().slice(dim, start, end).contiguous(), dy -> {
            Tensor g = be(x).zeros(x.shape());
            be(x).copyInto(g.slice(dim, start, end), dy);
            x.accumulate(g);
        }, x);
    }

    public static Variable concat(List<Variable> xs, int dim) {
        Tensor y = xs.get(0).backend().concat(xs.stream().map(Variable::value).toList(), dim);
        int d = Shape.dim("concat", y.shape(), dim);
        return Variable.result(y, dy -> {
            int at = 0;
            for (Variable x : xs) {
                int size = x.shape()[d];
                if (x.requiresGrad()) x.accumulate(dy.slice(d, at, at + size).contiguous());
                at += size;
            }
        }, xs.toArray(Variable[]::new));
    }

    // ---- reductions ------------------------------------------------------------------------------

    public static Variable sum(Variable x, int dim, boolean keepDim) {
        int[] shape = x.shape();
        int d = Shape.dim("sum", shape, dim);
        return Variable.result(be(x).sum(x.value(), d, keepDim), dy -> {
            Tensor g = keepDim ? dy : dy.unsqueeze(d);
            x.accumulate(g.broadcastTo(shape).contiguous());
        }, x);
    }

    public static Variable mean(Variable x, int dim, boolean keepDim) {
        return scale(sum(x, dim, keepDim), 1.0 / x.shape()[Shape.dim("mean", x.shape(), dim)]);
    }

    /** Sum of all elements, as a one-element tensor of shape [1]. */
    public static Variable sumAll(Variable x) {
        return sum(reshape(x, 1, -1), 1, false);
    }

    // ---- normalisation ---------------------------------------------------------------------------

    public static Variable softmax(Variable x) {
        Tensor y = be(x).softmax(x.value());
        return Variable.result(y, dy -> x.accumulate(be(x).softmaxBackward(y, dy)), x);
    }

    public static Variable logSoftmax(Variable x) {
        Tensor y = be(x).logSoftmax(x.value());
        return Variable.result(y, dy -> x.accumulate(be(x).logSoftmaxBackward(y, dy)), x);
    }

    public static Variable rmsNorm(Variable x, Variable weight, double eps) {
        Tensor xv = x.value(), w = weight.value();
        return Variable.result(be(x).rmsNorm(xv, w, eps), dy -> {
            var g = be(x).rmsNormBackward(xv, w, eps, dy);
            x.accumulate(g.first());
            weight.accumulate(g.second());
        }, x, weight);
    }

    // ---- transformer -----------------------------------------------------------------------------

    /** Rotary embedding of {@code x [..., T, D]} at {@code positions [T]}; its gradient is the inverse rotation. */
    public static Variable rope(Variable x, int[] positions, double theta) {
        return Variable.result(be(x).rope(x.value(), positions, theta, false),
                dy -> x.accumulate(be(x).rope(dy, positions, theta, true)), x);
    }

    /** Rows {@code ids} of {@code table [V, D]}; the gradient scatter-adds into the table. */
    public static Variable embedding(Variable table, int[] ids) {
        int vocab = table.shape()[0];
        return Variable.result(be(table).embedding(table.value(), ids),
                dy -> table.accumulate(be(table).embeddingBackward(dy, ids, vocab)), table);
    }

    /** Causal grouped-query attention, {@code q [B, Hq, T, D]}, {@code k, v [B, Hkv, S, D]} -> {@code [B, Hq, T, D]}. */
    public static Variable attention(Variable q, Variable k, Variable v, double scale, boolean causal) {
        Backend backend = be(q);
        Tensor qv = q.value(), kv = k.value(), vv = v.value();
        Backend.Attention forward = backend.attention(qv, kv, vv, scale, causal);
        return Variable.result(forward.out(), dy -> {
            var g = backend.attentionBackward(qv, kv, vv, forward, dy, scale, causal);
            q.accumulate(g.first());
            k.accumulate(g.second());
            v.accumulate(g.third());
        }, q, k, v);
    }

    // ---- loss ------------------------------------------------------------------------------------

    public static final int IGNORE_INDEX = -100;

    /** Mean cross-entropy of {@code logits [N, V]} over the targets that are not {@link #IGNORE_INDEX}; shape [1]. */
    public static Variable crossEntropy(Variable logits, int[] targets) {
        Backend backend = be(logits);
        Tensor z = logits.value();
        Backend.CrossEntropy forward = backend.crossEntropy(z, targets, IGNORE_INDEX);
        Tensor loss = backend.fromDoubles(new double[] {forward.loss()}, 1);
        int[] saved = Arrays.copyOf(targets, targets.length);
        return Variable.result(loss, dy -> logits.accumulate(
                backend.crossEntropyBackward(z, forward, saved, IGNORE_INDEX, dy.item())), logits);
    }
}
