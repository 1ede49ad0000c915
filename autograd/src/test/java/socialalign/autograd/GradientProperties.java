package socialalign.autograd;

import static socialalign.autograd.GradCheck.REF;
import static socialalign.autograd.GradCheck.check;
import static socialalign.autograd.GradCheck.random;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import socialalign.engine.Tensor;

/** Every differentiable op: backward against central finite differences in double precision, on random shapes. */
class GradientProperties {

    @Property(tries = 15)
    void matmul(@ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 5) int k,
                @ForAll @IntRange(min = 1, max = 4) int n, @ForAll boolean batched, @ForAll boolean sharedB, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        Tensor a = batched ? random(r, -1, 1, 2, m, k) : random(r, -1, 1, m, k);
        Tensor b = batched && !sharedB ? random(r, -1, 1, 2, k, n) : random(r, -1, 1, k, n);
        check("matmul", r, v -> F.matmul(v.get(0), v.get(1)), a, b);
        check("matmul with transposed b", r, v -> F.matmul(v.get(0), F.transpose(v.get(1), -1, -2)), a, b.transpose(-1, -2).contiguous());
    }

    @Property(tries = 10)
    void linear(@ForAll @IntRange(min = 1, max = 5) int in, @ForAll @IntRange(min = 1, max = 4) int out, @ForAll boolean bias, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        Tensor x = random(r, -1, 1, 2, 3, in), w = random(r, -1, 1, out, in), b = random(r, -1, 1, out);
        if (bias) check("linear", r, v -> F.linear(v.get(0), v.get(1), v.get(2)), x, w, b);
        else check("linear", r, v -> F.linear(v.get(0), v.get(1), null), x, w);
    }

    @Property(tries = 20)
    void broadcastingArithmetic(@ForAll @IntRange(min = 0, max = 3) int op, @ForAll @IntRange(min = 0, max = 3) int form, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        Tensor a = random(r, -2, 2, 3, 4);
        int[][] partners = {{3, 4}, {4}, {3, 1}, {1, 1, 4}};
        Tensor b = random(r, 0.5, 2, partners[form]); // away from 0 for div
        switch (op) {
            case 0 -> check("add", r, v -> F.add(v.get(0), v.get(1)), a, b);
            case 1 -> check("sub", r, v -> F.sub(v.get(1), v.get(0)), a, b);
            case 2 -> check("mul", r, v -> F.mul(v.get(0), v.get(1)), a, b);
            default -> check("div", r, v -> F.div(v.get(0), v.get(1)), a, b);
        }
    }

    @Property(tries = 10)
    void elementwise(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        Tensor x = random(r, -4, 4, n);
        check("scale", r, v -> F.scale(v.get(0), -1.7), x);
        check("exp", r, v -> F.exp(v.get(0)), x);
        check("log", r, v -> F.log(v.get(0)), random(r, 0.2, 5, n));
        check("silu", r, v -> F.silu(v.get(0)), x);
        check("gelu", r, v -> F.gelu(v.get(0)), x);
        Tensor mask = REF.fromDoubles(r.doubles(n).map(d -> d < 0.4 ? 1 : 0).toArray(), n);
        check("maskedFill", r, v -> F.maskedFill(v.get(0), mask, -3), x);
    }

    @Property(tries = 10)
    void shapeOps(@ForAll @IntRange(min = 1, max = 4) int a, @ForAll @IntRange(min = 2, max = 5) int b, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        Tensor x = random(r, -1, 1, a, b, 3);
        check("reshape", r, v -> F.reshape(v.get(0), b, a * 3), x);
        check("transpose", r, v -> F.transpose(v.get(0), 0, 2), x);
        check("slice", r, v -> F.slice(v.get(0), 1, 1, b), x);
        check("concat", r, v -> F.concat(List.of(v.get(0), v.get(1)), 1), x, random(r, -1, 1, a, 2, 3));
        for (int d = 0; d < 3; d++) {
            int dim = d;
            check("sum", r, v -> F.sum(v.get(0), dim, dim == 1), x);
            check("mean", r, v -> F.mean(v.get(0), dim, dim != 1), x);
        }
    }

    @Property(tries = 10)
    void normalisation(@ForAll @IntRange(min = 1, max = 3) int rows, @ForAll @IntRange(min = 1, max = 7) int width, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        Tensor x = random(r, -3, 3, rows, width);
        check("softmax", r, v -> F.softmax(v.get(0)), x);
        check("logSoftmax", r, v -> F.logSoftmax(v.get(0)), x);
        check("rmsNorm", r, v -> F.rmsNorm(v.get(0), v.get(1), 1e-6), x, random(r, -2, 2, width));
    }

    @Property(tries = 10)
    void rotaryEmbedding(@ForAll @IntRange(min = 1, max = 4) int t, @ForAll @IntRange(min = 1, max = 4) int half, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        int[] positions = r.ints(t, 0, 50).toArray();
        check("rope", r, v -> F.rope(v.get(0), positions, 10000), random(r, -1, 1, 1, 2, t, 2 * half));
    }

    @Property(tries = 10)
    void embedding(@ForAll @IntRange(min = 1, max = 6) int vocab, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        int[] ids = r.ints(5, 0, vocab).toArray();
        check("embedding", r, v -> F.embedding(v.get(0), ids), random(r, -1, 1, vocab, 3));
    }

    @Property(tries = 15)
    void attention(@ForAll @IntRange(min = 1, max = 2) int kvHeads, @ForAll @IntRange(min = 1, max = 2) int group,
                   @ForAll @IntRange(min = 1, max = 4) int t, @ForAll @IntRange(min = 0, max = 2) int cached,
                   @ForAll boolean causal, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        int s = t + cached, d = 3;
        check("attention", r, v -> F.attention(v.get(0), v.get(1), v.get(2), 0.6, causal),
                random(r, -1, 1, 1, kvHeads * group, t, d), random(r, -1, 1, 1, kvHeads, s, d), random(r, -1, 1, 1, kvHeads, s, d));
    }

    @Property(tries = 10)
    void crossEntropy(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 2, max = 6) int vocab, @ForAll long seed) {
        var r = new SplittableRandom(seed);
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = i > 0 && r.nextInt(3) == 0 ? F.IGNORE_INDEX : r.nextInt(vocab);
        check("crossEntropy", r, v -> F.crossEntropy(v.get(0), targets), random(r, -3, 3, n, vocab));
    }
}
