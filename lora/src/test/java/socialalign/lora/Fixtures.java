package socialalign.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import socialalign.engine.Tensor;

/** The files that {@code src/test/resources/paclora/make_golden.py} writes, and the closeness checks against them. */
final class Fixtures {
    private Fixtures() {}

    static Path resource(String name) {
        URL url = Fixtures.class.getResource("/paclora/" + name);
        if (url == null) throw new IllegalStateException("test resource paclora/" + name + " is missing; run make_golden.py");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tinyModel() {
        return resource("tiny-qwen2");
    }

    static Path tinyAdapter() {
        return resource("tiny-pac");
    }

    /**
     * Relative closeness, two ways (as the models module checks Qwen2): in norm {@code ||a - e|| <= tol ||e||}, and
     * element by element {@code |a - e| <= tol max(|e|, 5% of max|e|)}, the floor for elements whose float32 sums
     * cancel to near zero. A null {@code actual} (no gradient reached it) stands for zeros.
     */
    static void assertClose(String what, float[] expected, int[] shape, Tensor actual, double tolerance) {
        assertClose(what, expected, shape, actual, tolerance, tolerance);
    }

    /** {@link #assertClose(String, float[], int[], Tensor, double)} with its own element-by-element tolerance. */
    static void assertClose(String what, float[] expected, int[] shape, Tensor actual, double inNormTolerance,
                            double elementTolerance) {
        double[] a = actual == null ? new double[expected.length] : actual.toDoubles();
        if (actual != null) assertArrayEquals(shape, actual.shape(), what + ": shape");
        double scale = 0, diff2 = 0, norm2 = 0, worst = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        int at = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = a[i] - expected[i];
            diff2 += d * d;
            norm2 += (double) expected[i] * expected[i];
            double rel = scale == 0 ? Math.abs(d) : Math.abs(d) / Math.max(Math.abs(expected[i]), 0.05 * scale);
            if (rel > worst) {
                worst = rel;
                at = i;
            }
        }
        double inNorm = norm2 == 0 ? Math.sqrt(diff2) : Math.sqrt(diff2 / norm2), elementwise = worst;
        int worstAt = at;
        assertTrue(inNorm <= inNormTolerance, () -> what + ": relative difference in norm " + inNorm);
        assertTrue(elementwise <= elementTolerance, () -> what + ": relative difference " + elementwise + " at element " + worstAt
                + " (expected " + expected[worstAt] + ", got " + a[worstAt] + ")");
    }
}
