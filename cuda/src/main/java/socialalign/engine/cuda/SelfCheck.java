package socialalign.engine.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import socialalign.engine.Backend;
import socialalign.engine.Backend.AdamWHyper;
import socialalign.engine.Tensor;
import socialalign.engine.reference.ReferenceBackend;

/**
 * Every op of the GPU backend, forward and backward, against the double-precision reference on random inputs with
 * odd sizes, views (transposed, broadcast, a window of a larger cache) and grouped-query heads. The error of a result
 * is normwise, {@code max |gpu - ref| / max |ref|}; products (matmul, attention) are held to the tolerance of the
 * backend's {@link Precision}, every other op to float32's. Run by the GPU tests and by {@code bench/gpu-check.sh}.
 */
public final class SelfCheck {
    private SelfCheck() {}

    /** One compared result: its name, its normwise error and the tolerance it must stay within. */
    public record Result(String op, double error, double tolerance) {
        public boolean passed() {
            return error <= tolerance;
        }
    }

    private static final double FLOAT32 = 1e-5;
    private static final ReferenceBackend REF = ReferenceBackend.INSTANCE;

    /** The tolerance of products in each precision: FP32 1e-5, TF32 5e-4, BF16 1e-2. */
    public static double productTolerance(Precision p) {
        return switch (p) {
            case FP32 -> FLOAT32;
            case TF32 -> 5e-4;
            case BF16 -> 1e-2;
        };
    }

    public static List<Result> run(CudaBackend gpu, long seed) {
        return new Run(gpu, new SplittableRandom(seed)).all();
    }

    private static final class Run {
        final CudaBackend gpu;
        final SplittableRandom r;
        final double products;
        final List<Result> results = new ArrayList<>();

        Run(CudaBackend gpu, SplittableRandom r) {
            this.gpu = gpu;
            this.r = r;
            this.products = productTolerance(gpu.precision());
        }

        Tensor random(double lo, double hi, int... shape) {
            int n = (int) socialalign.engine.Shape.numel(shape);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(lo, hi);
            return REF.fromDoubles(v, shape);
        }

        Tensor random(int... shape) {
            return random(-2, 2, shape);
        }

        Tensor on(Tensor x) {
            return x.to(gpu);
        }

        void compare(String op, Tensor actual, Tensor expected, double tolerance) {
            if (!actual.hasShape(expected.shape())) {
                results.add(new Result(op + " (shape " + java.util.Arrays.toString(actual.shape()) + ")", Double.POSITIVE_INFINITY, tolerance));
                return;
            }
            compare(op, actual.toDoubles(), expected.toDoubles(), tolerance);
        }

        void compare(String op, double[] a, double[] e, double tolerance) {
            double diff = 0, scale = 0;
            for (int i = 0; i < e.length; i++) {
                boolean same = a[i] == e[i] || (Double.isNaN(a[i]) && Double.isNaN(e[i]));
                diff = Math.max(diff, same ? 0 : Double.isNaN(a[i] - e[i]) ? Double.POSITIVE_INFINITY : Math.abs(a[i] - e[i]));
                if (Double.isFinite(e[i])) scale = Math.max(scale, Math.abs(e[i]));
            }
            results.add(new Result(op, scale == 0 ? diff : diff / scale, tolerance));
        }

        List<Result> all() {
            memory();
            matmul();
            elementwise();
            reductions();
            normalisation();
            transformer();
            attention();
            loss();
            inPlace();
            return results;
        }

        void memory() {
            Tensor x = random(7, 5, 3);
            compare("contiguous (permuted view)", gpu.contiguous(on(x).permute(2, 0, 1)), REF.contiguous(x.permute(2, 0, 1)), 0);
            Tensor dst = REF.zeros(9, 6), src = random(4, 3);
            Tensor gdst = gpu.zeros(9, 6);
            gpu.copyInto(gdst.slice(0, 2, 6).slice(1, 1, 4), on(src));
            REF.copyInto(dst.slice(0, 2, 6).slice(1, 1, 4), src);
            compare("copyInto (strided window)", gdst, dst, 0);
            Tensor y = random(7, 2, 3);
            compare("concat", gpu.concat(List.of(on(x), on(y)), 1), REF.concat(List.of(x, y), 1), 0);
        }

        void matmul() {
            Tensor a = random(37, 129), b = random(129, 65), bias = random(65);
            compare("matmul", gpu.matmul(on(a), on(b), null), REF.matmul(a, b, null), products);
            compare("matmul + bias", gpu.matmul(on(a), on(b), on(bias)), REF.matmul(a, b, bias), products);
            Tensor w = random(65, 129); // a Linear weight [out, in], multiplied transposed
            compare("matmul (transposed B)", gpu.matmul(on(a), on(w).transpose(0, 1), null), REF.matmul(a, w.transpose(0, 1), null), products);
            Tensor at = random(129, 37);
            compare("matmul (transposed A)", gpu.matmul(on(at).transpose(0, 1), on(b), null), REF.matmul(at.transpose(0, 1), b, null), products);
            Tensor x = random(3, 11, 129), bb = random(3, 129, 17);
            compare("matmul (batched)", gpu.matmul(on(x), on(bb), null), REF.matmul(x, bb, null), products);
            compare("matmul (batched, shared B)", gpu.matmul(on(x), on(w).transpose(0, 1), on(bias)), REF.matmul(x, w.transpose(0, 1), bias), products);
            Tensor xt = random(3, 129, 11);
            compare("matmul (batched, transposed A)", gpu.matmul(on(xt).transpose(1, 2), on(bb), null), REF.matmul(xt.transpose(1, 2), bb, null), products);
        }

        void elementwise() {
            Tensor a = random(6, 1, 9), b = random(0.5, 2, 5, 1), x = random(-9, 9, 1000), dy = random(1000), positive = random(1e-3, 50, 1000);
            compare("add (broadcast)", gpu.add(on(a), on(b)), REF.add(a, b), FLOAT32);
            compare("sub (broadcast)", gpu.sub(on(b), on(a)), REF.sub(b, a), FLOAT32);
            compare("mul (broadcast)", gpu.mul(on(a), on(b)), REF.mul(a, b), FLOAT32);
            compare("div (broadcast)", gpu.div(on(a), on(b)), REF.div(a, b), FLOAT32);
            compare("scale", gpu.scale(on(x), -0.37), REF.scale(x, -0.37), FLOAT32);
            compare("exp", gpu.exp(on(x)), REF.exp(x), FLOAT32);
            compare("log", gpu.log(on(positive)), REF.log(positive), FLOAT32);
            compare("silu", gpu.silu(on(x)), REF.silu(x), FLOAT32);
            compare("gelu", gpu.gelu(on(x)), REF.gelu(x), FLOAT32);
            compare("siluBackward", gpu.siluBackward(on(x), on(dy)), REF.siluBackward(x, dy), FLOAT32);
            compare("geluBackward", gpu.geluBackward(on(x), on(dy)), REF.geluBackward(x, dy), FLOAT32);
            Tensor scores = random(2, 7, 7), mask = REF.fromDoubles(IntStream.range(0, 49).mapToDouble(i -> i % 7 > i / 7 ? 1 : 0).toArray(), 7, 7);
            compare("maskedFill", gpu.maskedFill(on(scores), on(mask), -1e9), REF.maskedFill(scores, mask, -1e9), FLOAT32);
        }

        void reductions() {
            Tensor x = random(4, 33, 5);
            for (int dim = 0; dim < 3; dim++) {
                compare("sum dim " + dim, gpu.sum(on(x), dim, dim == 1), REF.sum(x, dim, dim == 1), FLOAT32);
            }
            Tensor rows = random(6, 1001);
            int[] got = gpu.argmax(on(rows)), want = REF.argmax(rows);
            compare("argmax", IntStream.of(got).asDoubleStream().toArray(), IntStream.of(want).asDoubleStream().toArray(), 0);
            compare("sumOfSquares", new double[] {gpu.sumOfSquares(on(rows).transpose(0, 1))}, new double[] {REF.sumOfSquares(rows)}, FLOAT32);
        }

        void normalisation() {
            Tensor x = random(-4, 4, 3, 5, 300), dy = random(3, 5, 300), w = random(300);
            Tensor y = REF.softmax(x), ly = REF.logSoftmax(x);
            compare("softmax", gpu.softmax(on(x)), y, FLOAT32);
            compare("softmaxBackward", gpu.softmaxBackward(on(y), on(dy)), REF.softmaxBackward(y, dy), FLOAT32);
            compare("logSoftmax", gpu.logSoftmax(on(x)), ly, FLOAT32);
            compare("logSoftmaxBackward", gpu.logSoftmaxBackward(on(ly), on(dy)), REF.logSoftmaxBackward(ly, dy), FLOAT32);
            compare("rmsNorm", gpu.rmsNorm(on(x), on(w), 1e-6), REF.rmsNorm(x, w, 1e-6), FLOAT32);
            Backend.Gradients2 g = gpu.rmsNormBackward(on(x), on(w), 1e-6, on(dy)), e = REF.rmsNormBackward(x, w, 1e-6, dy);
            compare("rmsNormBackward dx", g.first(), e.first(), FLOAT32);
            compare("rmsNormBackward dWeight", g.second(), e.second(), FLOAT32);
        }

        void transformer() {
            Tensor x = random(2, 3, 6, 64);
            int[] positions = {5, 6, 7, 8, 9, 1000};
            compare("rope", gpu.rope(on(x), positions, 1e6, false), REF.rope(x, positions, 1e6, false), FLOAT32);
            compare("rope inverse", gpu.rope(on(x), positions, 1e6, true), REF.rope(x, positions, 1e6, true), FLOAT32);
            Tensor table = random(50, 24), dy = random(7, 24);
            int[] ids = {3, 49, 0, 3, 17, 3, 49};
            compare("embedding", gpu.embedding(on(table), ids), REF.embedding(table, ids), 0);
            compare("embeddingBackward", gpu.embeddingBackward(on(dy), ids, 50), REF.embeddingBackward(dy, ids, 50), FLOAT32);
        }

        void attention() {
            // Grouped-query heads (4 query heads over 2 key/value heads); keys and values a window of a longer cache.
            int b = 2, hq = 4, hkv = 2, t = 5, s = 9, d = 16;
            Tensor q = random(b, hq, t, d), kCache = random(b, hkv, 16, d), vCache = random(b, hkv, 16, d), dOut = random(b, hq, t, d);
            Tensor k = kCache.slice(2, 0, s), v = vCache.slice(2, 0, s);
            Tensor gk = on(kCache).slice(2, 0, s), gv = on(vCache).slice(2, 0, s);
            double scale = 1 / Math.sqrt(d);
            for (boolean causal : new boolean[] {true, false}) {
                String name = causal ? "attention causal" : "attention";
                Backend.Attention e = REF.attention(q, k, v, scale, causal), a = gpu.attention(on(q), gk, gv, scale, causal);
                compare(name + " out", a.out(), e.out(), products);
                compare(name + " logSumExp", a.logSumExp(), e.logSumExp(), products);
                Backend.Gradients3 ge = REF.attentionBackward(q, k, v, e, dOut, scale, causal);
                Backend.Gradients3 ga = gpu.attentionBackward(on(q), gk, gv, a, on(dOut), scale, causal);
                compare(name + " dq", ga.first(), ge.first(), products);
                compare(name + " dk", ga.second(), ge.second(), products);
                compare(name + " dv", ga.third(), ge.third(), products);
            }
        }

        void loss() {
            Tensor logits = random(-5, 5, 9, 1003);
            int[] targets = {4, -100, 1002, 0, 77, -100, 500, 3, 999};
            Backend.CrossEntropy e = REF.crossEntropy(logits, targets, -100), a = gpu.crossEntropy(on(logits), targets, -100);
            compare("crossEntropy loss", new double[] {a.loss()}, new double[] {e.loss()}, FLOAT32);
            compare("crossEntropy counted", new double[] {a.counted()}, new double[] {e.counted()}, 0);
            compare("crossEntropy logSumExp", a.logSumExp(), e.logSumExp(), FLOAT32);
            compare("crossEntropyBackward", gpu.crossEntropyBackward(on(logits), a, targets, -100, 0.7),
                    REF.crossEntropyBackward(logits, e, targets, -100, 0.7), FLOAT32);
        }

        void inPlace() {
            Tensor dst = random(10, 30), src = random(30, 10);
            Tensor gdst = on(dst);
            gpu.addInPlace(gdst, on(src).transpose(0, 1), -0.3);
            REF.addInPlace(dst, src.transpose(0, 1), -0.3);
            compare("addInPlace", gdst, dst, FLOAT32);
            gpu.scaleInPlace(gdst, 1.7);
            REF.scaleInPlace(dst, 1.7);
            compare("scaleInPlace", gdst, dst, FLOAT32);
            Tensor p = random(1000), m = REF.zeros(1000), v = REF.zeros(1000);
            Tensor gp = on(p), gm = gpu.zeros(1000), gvv = gpu.zeros(1000);
            AdamWHyper hp = new AdamWHyper(1e-2, 0.9, 0.999, 1e-8, 0.1);
            for (int step = 1; step <= 3; step++) {
                Tensor g = random(1000);
                gpu.adamW(gp, on(g), gm, gvv, hp, step);
                REF.adamW(p, g, m, v, hp, step);
            }
            compare("adamW param", gp, p, FLOAT32);
            compare("adamW m", gm, m, FLOAT32);
            compare("adamW v", gvv, v, FLOAT32);
        }
    }
}
