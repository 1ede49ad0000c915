package socialalign.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static socialalign.engine.Tensors.assertClose;
import static socialalign.engine.Tensors.uniform;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import socialalign.engine.cpu.CpuBackend;

/** Laws the ops must obey whatever their inputs, checked on the fast CPU backend. */
class InvariantProperties {
    private static final CpuBackend CPU = new CpuBackend(2);

    @Property(tries = 50)
    void softmaxRowsArePositiveAndSumToOne(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 200) int width,
                                           @ForAll @DoubleRange(min = 0.1, max = 80) double spread, @ForAll long seed) {
        double[] p = CPU.softmax(uniform(CPU, new SplittableRandom(seed), -spread, spread, rows, width)).toDoubles();
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < width; j++) {
                assertEquals(true, p[r * width + j] >= 0);
                sum += p[r * width + j];
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Property(tries = 50)
    void rmsNormIgnoresTheScaleOfItsInput(@ForAll @IntRange(min = 1, max = 100) int width,
                                          @ForAll @DoubleRange(min = 0.01, max = 100) double c, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = uniform(CPU, r, -3, 3, 3, width), w = uniform(CPU, r, -2, 2, width);
        assertClose("rmsNorm(c x)", CPU.rmsNorm(CPU.scale(x, c), w, 0), CPU.rmsNorm(x, w, 0), 1e-5, 1e-5);
    }

    @Property(tries = 40)
    void causalAttentionNeverLooksAhead(@ForAll @IntRange(min = 2, max = 10) int t, @ForAll @IntRange(min = 1, max = 20) int d, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor q = uniform(CPU, r, -2, 2, 1, 4, t, d), k = uniform(CPU, r, -2, 2, 1, 2, t, d), v = uniform(CPU, r, -2, 2, 1, 2, t, d);
        int changed = 1 + r.nextInt(t - 1); // tokens from here on get new q, k, v
        Tensor q2 = replaceFrom(q, changed, r), k2 = replaceFrom(k, changed, r), v2 = replaceFrom(v, changed, r);
        Tensor before = CPU.attention(q, k, v, 0.3, true).out().slice(2, 0, changed);
        Tensor after = CPU.attention(q2, k2, v2, 0.3, true).out().slice(2, 0, changed);
        assertClose("outputs before the change", after, before, 0, 0);
    }

    private static Tensor replaceFrom(Tensor x, int from, SplittableRandom r) {
        Tensor copy = CPU.contiguous(x);
        Tensor tail = copy.slice(2, from, x.size(2));
        CPU.copyInto(tail, uniform(CPU, r, -2, 2, tail.shape()));
        return copy;
    }

    @Property(tries = 20)
    void cachedDecodingSeesWhatTheFullPassSees(@ForAll @IntRange(min = 2, max = 9) int t, @ForAll long seed) {
        // The last query row of a full causal pass equals a one-token pass over all keys (S = T, T_q = 1).
        SplittableRandom r = new SplittableRandom(seed);
        Tensor q = uniform(CPU, r, -2, 2, 1, 2, t, 8), k = uniform(CPU, r, -2, 2, 1, 1, t, 8), v = uniform(CPU, r, -2, 2, 1, 1, t, 8);
        Tensor full = CPU.attention(q, k, v, 0.35, true).out().slice(2, t - 1, t);
        Tensor last = CPU.attention(q.slice(2, t - 1, t), k, v, 0.35, true).out();
        assertClose("last row", last, full, 1e-6, 1e-6);
    }
}
