package socialalign.engine.reference;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import socialalign.engine.Backend;
import socialalign.engine.Erf;
import socialalign.engine.OpShapes;
import socialalign.engine.Shape;
import socialalign.engine.Strided;
import socialalign.engine.Tensor;

/**
 * The naive reference: every op as the plainest loop over dense row-major copies, in double precision.
 * It is the oracle that every fast backend is tested against, and the engine of the finite-difference
 * gradient checks. Written for obviousness, not speed.
 */
public final class ReferenceBackend implements Backend {
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {}

    @Override
    public String name() {
        return "reference";
    }

    // ---- memory -------------------------------------------------------------------------------

    private static double[] array(Tensor x) {
        if (!(x.storage() instanceof DoubleStorage s)) {
            throw new IllegalArgumentException("reference backend: " + x + " lives on another backend; move it with to()");
        }
        return s.data();
    }

    /** The elements of any view of a reference tensor, dense and row-major. */
    private static double[] dense(Tensor x) {
        double[] data = array(x);
        double[] out = new double[(int) x.numel()];
        int width = x.rank() == 0 ? 1 : x.size(-1), stride = x.rank() == 0 ? 0 : x.stride(-1);
        Strided.forEachRow(x, (base, row) -> {
            for (int j = 0; j < width; j++) out[row * width + j] = data[(int) (base + (long) j * stride)];
        });
        return out;
    }

    private static Tensor tensor(double[] values, int... shape) {
        return Tensor.of(new DoubleStorage(values), shape);
    }

    @Override
    public Tensor zeros(int... shape) {
        return tensor(new double[(int) Shape.numel(shape)], shape);
    }

    @Override
    public Tensor fromFloats(float[] values, int... shape) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return tensor(d, shape);
    }

    @Override
    public Tensor fromDoubles(double[] values, int... shape) {
        return tensor(values.clone(), shape);
    }

    @Override
    public float[] toFloats(Tensor x) {
        double[] d = dense(x);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Override
    public double[] toDoubles(Tensor x) {
        return dense(x);
    }

    @Override
    public Tensor contiguous(Tensor x) {
        return tensor(dense(x), x.shape());
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        OpShapes.sameShape("copyInto", dst, src);
        double[] to = array(dst), from = dense(src);
        int width = dst.rank() == 0 ? 1 : dst.size(-1), stride = dst.rank() == 0 ? 0 : dst.stride(-1);
        Strided.forEachRow(dst, (base, row) -> {
            for (int j = 0; j < width; j++) to[(int) (base + (long) j * stride)] = from[row * width + j];
        });
    }

    // ---- linear algebra ------------------------------------------------------------------------

    @Override
    public Tensor matmul(Tensor a, Tensor b, Tensor bias) {
        OpShapes.Matmul s = OpShapes.matmul(a, b, bias);
        double[] x = dense(a), w = dense(b), c = new double[s.batch() * s.m() * s.n()];
        double[] beta = bias == null ? null : dense(bias);
        for (int batch = 0; batch < s.batch(); batch++) {
            int ao = batch * s.m() * s.k(), bo = s.bShared() ? 0 : batch * s.k() * s.n(), co = batch * s.m() * s.n();
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    double acc = beta == null ? 0 : beta[j];
                    for (int p = 0; p < s.k(); p++) acc += x[ao + i * s.k() + p] * w[bo + p * s.n() + j];
                    c[co + i * s.n() + j] = acc;
                }
            }
        }
        return tensor(c, s.out());
    }

    // ---- element-wise --------------------------------------------------------------------------

    private static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f) {
        int[] shape = OpShapes.elementwise(op, a, b);
        double[] x = dense(a.broadcastTo(shape)), y = dense(b.broadcastTo(shape)), out = new double[x.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(x[i], y[i]);
        return tensor(out, shape);
    }

    private static Tensor map(Tensor a, DoubleUnaryOperator f) {
        double[] x = dense(a);
        for (int i = 0; i < x.length; i++) x[i] = f.applyAsDouble(x[i]);
        return tensor(x, a.shape());
    }

    @Override public Tensor add(Tensor a, Tensor b) { return zip("add", a, b, Double::sum); }
    @Override public Tensor sub(Tensor a, Tensor b) { return zip("sub", a, b, (x, y) -> x - y); }
    @Override public Tensor mul(Tensor a, Tensor b) { return zip("mul", a, b, (x, y) -> x * y); }
    @Override public Tensor div(Tensor a, Tensor b) { return zip("div", a, b, (x, y) -> x / y); }
    @Override public Tensor scale(Tensor x, double s) { return map(x, v -> s * v); }
    @Override public Tensor exp(Tensor x) { return map(x, Math::exp); }
    @Override public Tensor log(Tensor x) { return map(x, Math::log); }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public Tensor silu(Tensor x) {
        return map(x, v -> v * sigmoid(v));
    }

    @Override
    public Tensor siluBackward(Tensor x, Tensor dy) {
        OpShapes.sameShape("siluBackward", x, dy);
        return zip("siluBackward", x, dy, (v, g) -> {
            double s = sigmoid(v);
            return g * s * (1 + v * (1 - s));
        });
    }

    @Override
    public Tensor gelu(Tensor x) {
        return map(x, v -> v * Erf.phi(v));
    }

    @Override
    public Tensor geluBackward(Tensor x, Tensor dy) {
        OpShapes.sameShape("geluBackward", x, dy);
        double invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
        return zip("geluBackward", x, dy, (v, g) -> g * (Erf.phi(v) + v * invSqrt2Pi * Math.exp(-0.5 * v * v)));
    }

    @Override
    public Tensor maskedFill(Tensor x, Tensor mask, double value) {
        Shape.broadcast("maskedFill", mask.shape(), x.shape());
        return zip("maskedFill", x, mask.broadcastTo(x.shape()), (v, m) -> m != 0 ? value : v);
    }

    // ---- reductions ----------------------------------------------------------------------------

    @Override
    public Tensor sum(Tensor x, int dim, boolean keepDim) {
        int[] outShape = OpShapes.sum(x, dim, keepDim), shape = x.shape();
        int d = Shape.dim("sum", shape, dim);
        int outer = (int) Shape.numel(Arrays.copyOf(shape, d)), n = shape[d];
        int inner = (int) Shape.numel(Arrays.copyOfRange(shape, d + 1, shape.length));
        double[] v = dense(x), out = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < inner; j++) out[o * inner + j] += v[(o * n + i) * inner + j];
        return tensor(out, outShape);
    }

    @Override
    public int[] argmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("argmax", x);
        double[] v = dense(x);
        int[] out = new int[r.rows()];
        for (int row = 0; row < r.rows(); row++) {
            int best = 0;
            for (int j = 1; j < r.width(); j++) if (v[row * r.width() + j] > v[row * r.width() + best]) best = j;
            out[row] = best;
        }
        return out;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        double s = 0;
        for (double v : dense(x)) s += v * v;
        return s;
    }

    // ---- normalisation -------------------------------------------------------------------------

    @Override
    public Tensor softmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("softmax", x);
        double[] v = dense(x);
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width();
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < r.width(); j++) max = Math.max(max, v[o + j]);
            for (int j = 0; j < r.width(); j++) sum += v[o + j] = Math.exp(v[o + j] - max);
            for (int j = 0; j < r.width(); j++) v[o + j] /= sum;
        }
        return tensor(v, x.shape());
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        OpShapes.sameShape("softmaxBackward", y, dy);
        OpShapes.Rows r = OpShapes.rows("softmaxBackward", y);
        double[] p = dense(y), g = dense(dy), out = new double[p.length];
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width();
            double dot = 0;
            for (int j = 0; j < r.width(); j++) dot += g[o + j] * p[o + j];
            for (int j = 0; j < r.width(); j++) out[o + j] = p[o + j] * (g[o + j] - dot);
        }
        return tensor(out, y.shape());
    }

    @Override
    public Tensor logSoftmax(Tensor x) {
        OpShapes.Rows r = OpShapes.rows("logSoftmax", x);
        double[] v = dense(x);
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width();
            double lse = logSumExp(v, o, r.width());
            for (int j = 0; j < r.width(); j++) v[o + j] -= lse;
        }
        return tensor(v, x.shape());
    }

    private static double logSumExp(double[] v, int offset, int width) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < width; j++) max = Math.max(max, v[offset + j]);
        if (max == Double.NEGATIVE_INFINITY) return max;
        for (int j = 0; j < width; j++) sum += Math.exp(v[offset + j] - max);
        return max + Math.log(sum);
    }

    @Override
    public Tensor logSoftmaxBackward(Tensor y, Tensor dy) {
        OpShapes.sameShape("logSoftmaxBackward", y, dy);
        OpShapes.Rows r = OpShapes.rows("logSoftmaxBackward", y);
        double[] ly = dense(y), g = dense(dy), out = new double[ly.length];
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width();
            double sum = 0;
            for (int j = 0; j < r.width(); j++) sum += g[o + j];
            for (int j = 0; j < r.width(); j++) out[o + j] = g[o + j] - Math.exp(ly[o + j]) * sum;
        }
        return tensor(out, y.shape());
    }

    @Override
    public Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
        OpShapes.rmsNorm(x, weight);
        OpShapes.Rows r = OpShapes.rows("rmsNorm", x);
        double[] v = dense(x), w = dense(weight);
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width();
            double inv = inverseRms(v, o, r.width(), eps);
            for (int j = 0; j < r.width(); j++) v[o + j] = v[o + j] * inv * w[j];
        }
        return tensor(v, x.shape());
    }

    private static double inverseRms(double[] v, int offset, int width, double eps) {
        double ms = 0;
        for (int j = 0; j < width; j++) ms += v[offset + j] * v[offset + j];
        return 1 / Math.sqrt(ms / width + eps);
    }

    @Override
    public Gradients2 rmsNormBackward(Tensor x, Tensor weight, double eps, Tensor dy) {
        OpShapes.rmsNorm(x, weight);
        OpShapes.sameShape("rmsNormBackward", x, dy);
        OpShapes.Rows r = OpShapes.rows("rmsNormBackward", x);
        double[] v = dense(x), w = dense(weight), g = dense(dy), dx = new double[v.length], dw = new double[r.width()];
        for (int row = 0; row < r.rows(); row++) {
            int o = row * r.width();
            double inv = inverseRms(v, o, r.width(), eps);
            // xhat = x * inv; dxhat = dy * w; dx = inv * (dxhat - xhat * mean(dxhat * xhat)).
            double dot = 0;
            for (int j = 0; j < r.width(); j++) {
                double xhat = v[o + j] * inv;
                dw[j] += g[o + j] * xhat;
                dot += g[o + j] * w[j] * xhat;
            }
            dot /= r.width();
            for (int j = 0; j < r.width(); j++) dx[o + j] = inv * (g[o + j] * w[j] - v[o + j] * inv * dot);
        }
        return new Gradients2(tensor(dx, x.shape()), tensor(dw, r.width()));
    }

    // ---- transformer ---------------------------------------------------------------------------

    @Override
    public Tensor rope(Tensor x, int[] positions, double theta, boolean inverse) {
        OpShapes.rope(x, positions);
        int t = x.size(-2), d = x.size(-1), half = d / 2;
        double[] v = dense(x), out = new double[v.length];
        for (int row = 0; row < v.length / d; row++) {
            int o = row * d;
            int pos = positions[row % t];
            for (int i = 0; i < half; i++) {
                double angle = pos * Math.pow(theta, -2.0 * i / d);
                double cos = Math.cos(angle), sin = inverse ? -Math.sin(angle) : Math.sin(angle);
                double x1 = v[o + i], x2 = v[o + i + half];
                out[o + i] = x1 * cos - x2 * sin;
                out[o + i + half] = x2 * cos + x1 * sin;
            }
        }
        return tensor(out, x.shape());
    }

    @Override
    public Tensor embedding(Tensor table, int[] ids) {
        OpShapes.embedding(table, ids);
        int d = table.size(1);
        double[] w = dense(table), out = new double[ids.length * d];
        for (int i = 0; i < ids.length; i++) System.arraycopy(w, ids[i] * d, out, i * d, d);
        return tensor(out, ids.length, d);
    }

    @Override
    public Tensor embeddingBackward(Tensor dy, int[] ids, int vocab) {
        Shape.require(dy.rank() == 2 && dy.size(0) == ids.length, "embeddingBackward", "dy must be [ids, D]", dy.shape(), new int[] {ids.length});
        int d = dy.size(1);
        double[] g = dense(dy), out = new double[vocab * d];
        for (int i = 0; i < ids.length; i++)
            for (int j = 0; j < d; j++) out[ids[i] * d + j] += g[i * d + j];
        return tensor(out, vocab, d);
    }

    @Override
    public Attention attention(Tensor q, Tensor k, Tensor v, double scale, boolean causal) {
        OpShapes.Attention s = OpShapes.attention(q, k, v);
        double[] qd = dense(q), kd = dense(k), vd = dense(v);
        double[] out = new double[qd.length], lse = new double[s.batch() * s.heads() * s.t()];
        double[] p = new double[s.s()];
        for (int b = 0; b < s.batch(); b++)
            for (int h = 0; h < s.heads(); h++) {
                int kvh = h / s.group();
                for (int i = 0; i < s.t(); i++) {
                    int qo = ((b * s.heads() + h) * s.t() + i) * s.headDim();
                    int visible = causal ? i + s.s() - s.t() + 1 : s.s();
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < visible; j++) {
                        int ko = ((b * s.kvHeads() + kvh) * s.s() + j) * s.headDim();
                        double dot = 0;
                        for (int c = 0; c < s.headDim(); c++) dot += qd[qo + c] * kd[ko + c];
                        p[j] = scale * dot;
                        max = Math.max(max, p[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < visible; j++) sum += p[j] = Math.exp(p[j] - max);
                    lse[(b * s.heads() + h) * s.t() + i] = max + Math.log(sum);
                    for (int j = 0; j < visible; j++) {
                        int vo = ((b * s.kvHeads() + kvh) * s.s() + j) * s.headDim();
                        for (int c = 0; c < s.headDim(); c++) out[qo + c] += p[j] / sum * vd[vo + c];
                    }
                }
            }
        return new Attention(tensor(out, q.shape()), tensor(lse, s.batch(), s.heads(), s.t()));
    }

    @Override
    public Gradients3 attentionBackward(Tensor q, Tensor k, Tensor v, Attention forward, Tensor dOut, double scale, boolean causal) {
        OpShapes.Attention s = OpShapes.attention(q, k, v);
        OpShapes.sameShape("attentionBackward", q, dOut);
        double[] qd = dense(q), kd = dense(k), vd = dense(v), o = dense(forward.out()), lse = dense(forward.logSumExp()), g = dense(dOut);
        double[] dq = new double[qd.length], dk = new double[kd.length], dv = new double[vd.length];
        for (int b = 0; b < s.batch(); b++)
            for (int h = 0; h < s.heads(); h++) {
                int kvh = h / s.group();
                for (int i = 0; i < s.t(); i++) {
                    int qo = ((b * s.heads() + h) * s.t() + i) * s.headDim();
                    int visible = causal ? i + s.s() - s.t() + 1 : s.s();
                    // With P = softmax(scale q k^T): dV += P^T dO; dS = P (dO v^T - rowsum(dO * O)); dq = scale dS k; dk = scale dS^T q.
                    double rowDot = 0;
                    for (int c = 0; c < s.headDim(); c++) rowDot += g[qo + c] * o[qo + c];
                    for (int j = 0; j < visible; j++) {
                        int ko = ((b * s.kvHeads() + kvh) * s.s() + j) * s.headDim();
                        double dot = 0, dpv = 0;
                        for (int c = 0; c < s.headDim(); c++) {
                            dot += qd[qo + c] * kd[ko + c];
                            dpv += g[qo + c] * vd[ko + c];
                        }
                        double p = Math.exp(scale * dot - lse[(b * s.heads() + h) * s.t() + i]);
                        double ds = p * (dpv - rowDot);
                        for (int c = 0; c < s.headDim(); c++) {
                            dv[ko + c] += p * g[qo + c];
                            dq[qo + c] += scale * ds * kd[ko + c];
                            dk[ko + c] += scale * ds * qd[qo + c];
                        }
                    }
                }
            }
        return new Gradients3(tensor(dq, q.shape()), tensor(dk, k.shape()), tensor(dv, v.shape()));
    }

    // ---- loss ------------------------------------------------------------------------------------

    @Override
    public CrossEntropy crossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        OpShapes.crossEntropy(logits, targets, ignoreIndex);
        int n = logits.size(0), vocab = logits.size(1);
        double[] z = dense(logits), lse = new double[n];
        double total = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            lse[i] = logSumExp(z, i * vocab, vocab);
            if (targets[i] == ignoreIndex) continue;
            total += lse[i] - z[i * vocab + targets[i]];
            counted++;
        }
        return new CrossEntropy(total / counted, counted, tensor(lse, n));
    }

    @Override
    public Tensor crossEntropyBackward(Tensor logits, CrossEntropy forward, int[] targets, int ignoreIndex, double dLoss) {
        OpShapes.crossEntropy(logits, targets, ignoreIndex);
        int n = logits.size(0), vocab = logits.size(1);
        double[] z = dense(logits), lse = dense(forward.logSumExp()), out = new double[z.length];
        double g = dLoss / forward.counted();
        for (int i = 0; i < n; i++) {
            if (targets[i] == ignoreIndex) continue;
            for (int j = 0; j < vocab; j++) out[i * vocab + j] = g * Math.exp(z[i * vocab + j] - lse[i]);
            out[i * vocab + targets[i]] -= g;
        }
        return tensor(out, logits.shape());
    }

    // ---- in place --------------------------------------------------------------------------------

    private static double[] rowMajor(String op, Tensor x) {
        OpShapes.whole(op, x);
        return array(x);
    }

    @Override
    public void addInPlace(Tensor dst, Tensor src, double alpha) {
        OpShapes.sameShape("addInPlace", dst, src);
        double[] d = rowMajor("addInPlace", dst), s = dense(src);
        for (int i = 0; i < d.length; i++) d[i] += alpha * s[i];
    }

    @Override
    public void scaleInPlace(Tensor x, double s) {
        double[] d = rowMajor("scaleInPlace", x);
        for (int i = 0; i < d.length; i++) d[i] *= s;
    }

    @Override
    public void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWHyper hp, int step) {
        OpShapes.sameShape("adamW", param, grad);
        double[] p = rowMajor("adamW", param), g = dense(grad), m1 = rowMajor("adamW", m), m2 = rowMajor("adamW", v);
        double c1 = 1 - Math.pow(hp.beta1(), step), c2 = 1 - Math.pow(hp.beta2(), step);
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - hp.lr() * hp.weightDecay();
            m1[i] = hp.beta1() * m1[i] + (1 - hp.beta1()) * g[i];
            m2[i] = hp.beta2() * m2[i] + (1 - hp.beta2()) * g[i] * g[i];
            p[i] -= hp.lr() / c1 * m1[i] / (Math.sqrt(m2[i]) / Math.sqrt(c2) + hp.eps());
        }
    }
}
