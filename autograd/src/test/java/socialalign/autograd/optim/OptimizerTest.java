package socialalign.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import socialalign.autograd.Variable;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.reference.ReferenceBackend;

/** Optimizer and schedule semantics on numbers worked out by hand from PyTorch's and Hugging Face's formulas. */
class OptimizerTest {
    private static Tensor t(double... v) {
        return ReferenceBackend.INSTANCE.fromDoubles(v, v.length);
    }

    private static Variable withGrad(double value, double grad) {
        Variable p = Variable.leaf("p", t(value));
        p.accumulate(t(grad));
        return p;
    }

    @Test
    void adamWFirstStepMovesByLearningRateTimesSign() {
        // Step 1: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2, update = lr * g / (|g| + eps); decay first.
        Variable p = withGrad(2.0, 0.5);
        new AdamW(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.01).step();
        double expected = 2.0 * (1 - 0.1 * 0.01) - 0.1 * 0.5 / (0.5 + 1e-8);
        assertEquals(expected, p.value().item(), 1e-12);
    }

    @Test
    void adamWSecondStepUsesBiasCorrectedMoments() {
        Variable p = withGrad(1.0, 1.0);
        AdamW opt = new AdamW(List.of(p), 0.01, 0.9, 0.999, 1e-8, 0.0);
        opt.step();
        p.zeroGrad();
        p.accumulate(t(-2.0));
        opt.step();
        double m = 0.9 * 0.1 + 0.1 * -2.0, v = 0.999 * 0.001 + 0.001 * 4.0;
        double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
        double afterFirst = 1.0 - 0.01 * 1.0 / (1.0 + 1e-8);
        double expected = afterFirst - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
        assertEquals(expected, p.value().item(), 1e-12);
    }

    @Test
    void sgdWithMomentumAndDecay() {
        Variable p = withGrad(1.0, 0.5);
        Sgd opt = new Sgd(List.of(p), 0.1, 0.9, 0.0, 0.1, false);
        opt.step(); // g = 0.5 + 0.1 = 0.6; buf = 0.6; p = 1 - 0.06
        assertEquals(0.94, p.value().item(), 1e-12);
        p.zeroGrad();
        p.accumulate(t(0.5));
        opt.step(); // g = 0.5 + 0.094 = 0.594; buf = 0.54 + 0.594 = 1.134; p = 0.94 - 0.1134
        assertEquals(0.94 - 0.1134, p.value().item(), 1e-12);
    }

    @Test
    void warmupCosineFollowsHuggingFace() {
        LrSchedule s = LrSchedule.warmupCosine(2e-5, 10, 100);
        assertEquals(0.0, s.lr(0));
        assertEquals(1e-5, s.lr(5), 1e-20);
        assertEquals(2e-5, s.lr(10), 1e-20);
        assertEquals(1e-5, s.lr(55), 1e-18); // half way through the decay: cos(pi/2) = 0
        assertEquals(0.0, s.lr(100), 1e-20);
        assertEquals(5e-6, s.lr(130), 1e-18); // past the end the cosine rises again, as in transformers
        assertEquals(10, LrSchedule.warmupSteps(100, 0.1));
        assertEquals(4, LrSchedule.warmupSteps(31, 0.1));
    }

    @Test
    void clippingScalesAllGradientsByOneFactor() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            Variable a = Variable.leaf("a", cpu.fromDoubles(new double[] {0, 0}, 2));
            Variable b = Variable.leaf("b", cpu.fromDoubles(new double[] {0}, 1));
            a.accumulate(cpu.fromDoubles(new double[] {3, 0}, 2));
            b.accumulate(cpu.fromDoubles(new double[] {4}, 1));
            double total = GradClip.clipGlobalNorm(List.of(a, b), 1.0);
            assertEquals(5.0, total, 1e-6);
            double coef = 1.0 / (5.0 + 1e-6);
            assertArrayEquals(new float[] {(float) (3 * coef), 0f}, a.grad().toFloats(), 1e-7f);
            assertArrayEquals(new float[] {(float) (4 * coef)}, b.grad().toFloats(), 1e-7f);
            assertEquals(1.0, GradClip.clipGlobalNorm(List.of(a, b), 10.0), 1e-6); // below the limit: unchanged
            assertArrayEquals(new float[] {(float) (4 * coef)}, b.grad().toFloats(), 1e-7f);
        }
    }
}
