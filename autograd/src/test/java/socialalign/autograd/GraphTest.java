package socialalign.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import socialalign.engine.Tensor;

class GraphTest {
    private static Tensor t(double... v) {
        return GradCheck.REF.fromDoubles(v, v.length);
    }

    @Test
    void gradientsAccumulateOverBackwardCallsUntilZeroed() {
        Variable w = Variable.leaf("w", t(1, 2, 3));
        Variable x = Variable.constant(t(4, 5, 6));
        F.sumAll(F.mul(w, x)).backward();
        F.sumAll(F.mul(w, x)).backward();
        assertArrayEquals(new double[] {8, 10, 12}, w.grad().toDoubles());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void aVariableUsedTwiceGetsTheSumOfBothPaths() {
        Variable w = Variable.leaf("w", t(3));
        F.sumAll(F.add(F.mul(w, w), w)).backward(); // d(w^2 + w)/dw = 2w + 1
        assertArrayEquals(new double[] {7}, w.grad().toDoubles());
    }

    @Test
    void noGradModeBuildsNoGraph() {
        Variable w = Variable.leaf("w", t(1, 2));
        try (var off = GradMode.disabled()) {
            Variable y = F.exp(F.mul(w, w));
            assertFalse(y.requiresGrad());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(F.exp(w).requiresGrad());
    }

    @Test
    void constantsReceiveNoGradient() {
        Variable x = Variable.constant(t(1, 2));
        Variable w = Variable.leaf("w", t(3, 4));
        F.sumAll(F.mul(x, w)).backward();
        assertNull(x.grad());
        assertArrayEquals(new double[] {1, 2}, w.grad().toDoubles());
    }
}
