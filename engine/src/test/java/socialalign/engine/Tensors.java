package socialalign.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Random tensors and element-wise comparison for the engine's tests. */
public final class Tensors {
    private Tensors() {}

    /** Uniform values rounded to float32, so that every backend holds exactly the same inputs. */
    public static double[] uniform(SplittableRandom random, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextDouble(lo, hi);
        return v;
    }

    public static Tensor uniform(Backend backend, SplittableRandom random, double lo, double hi, int... shape) {
        return backend.fromDoubles(uniform(random, (int) Shape.numel(shape), lo, hi), shape);
    }

    /** Asserts {@code |actual - expected| <= atol + rtol * |expected|} element by element, and equal shapes. */
    public static void assertClose(String what, Tensor actual, Tensor expected, double rtol, double atol) {
        if (!actual.hasShape(expected.shape())) {
            fail(what + ": shape " + Shape.str(actual.shape()) + " != " + Shape.str(expected.shape()));
        }
        assertClose(what, actual.toDoubles(), expected.toDoubles(), rtol, atol);
    }

    public static void assertClose(String what, double[] actual, double[] expected, double rtol, double atol) {
        if (actual.length != expected.length) fail(what + ": " + actual.length + " elements, expected " + expected.length);
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i], e = expected[i];
            boolean same = a == e || (Double.isNaN(a) && Double.isNaN(e));
            if (!same && !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (|diff| " + Math.abs(a - e) + ")");
            }
        }
    }
}
