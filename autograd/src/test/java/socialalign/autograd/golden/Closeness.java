package socialalign.autograd.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import socialalign.engine.Tensor;

/**
 * The golden tolerance, element by element: {@code |actual - expected| <= 1e-5 |expected| + 1e-6 max|expected|},
 * the maximum taken over the whole golden tensor.
 *
 * <p>Why a floor, and why scaled by the tensor: the golden values are torch's float32 results, and a float32
 * sum carries rounding error relative to the terms it adds, not to its result. An element whose O(scale)
 * terms cancel to near zero is known to any float32 implementation only to about n 2^-24 scale (n ~ 5..40
 * terms here), however small the element. Measured on these files, torch's float32 results differ from its
 * float64 results by at most 6e-7 of each tensor's largest element; 1e-6 of it is above that and, unlike a
 * fixed absolute floor, stays as strict for a tensor of gradients around 1e-3 as for one around 1. Each
 * check prints how many elements needed the floor (were beyond 1e-5 relative).
 *
 * <p>One instance gathers the checks of one test on one backend, reports them in one line and fails
 * listing every tensor that was off.
 */
final class Closeness {
    static final double RELATIVE = 1e-5;
    static final double FLOOR_OF_SCALE = 1e-6;

    private final String what;
    private final List<String> failures = new ArrayList<>();
    private final List<String> floored = new ArrayList<>();
    private double maxRelative, maxAbsolute;
    private String maxRelativeAt = "-";
    private long elements;

    Closeness(String what) {
        this.what = what;
    }

    /** Compares {@code actual} with the golden tensor {@code name}: same shape, every element within tolerance. */
    void check(Golden golden, String name, Tensor actual) {
        assertArrayEquals(golden.shape(name), actual.shape(), () -> what + ": shape of " + name);
        check(name, golden.data(name), actual.toDoubles());
    }

    void check(String name, float[] expected, double[] actual) {
        double scale = 0;
        for (float b : expected) scale = Math.max(scale, Math.abs(b));
        compare(name, expected, actual, RELATIVE, FLOOR_OF_SCALE * scale);
    }

    /** For elements known to be ill-conditioned (the caller says why): {@code |actual - expected| <= bound}. */
    void checkWithin(String name, float[] expected, double[] actual, double bound) {
        compare(name, expected, actual, 0, bound);
    }

    private void compare(String name, float[] expected, double[] actual, double relative, double floor) {
        if (expected.length != actual.length) {
            failures.add(name + ": " + actual.length + " elements, golden has " + expected.length);
            return;
        }
        int bad = 0;
        String firstBad = null;
        for (int i = 0; i < expected.length; i++) {
            double b = expected[i], a = actual[i], diff = Math.abs(a - b);
            elements++;
            maxAbsolute = Math.max(maxAbsolute, diff);
            if (b != 0 && diff / Math.abs(b) > maxRelative) {
                maxRelative = diff / Math.abs(b);
                maxRelativeAt = name + "[" + i + "]";
            }
            if (!(diff <= relative * Math.abs(b) + floor)) {
                if (bad++ == 0) firstBad = String.format(Locale.ROOT, "[%d] %.9g vs golden %.9g", i, a, b);
            } else if (diff > RELATIVE * Math.abs(b)) {
                floored.add(String.format(Locale.ROOT, "%s[%d] %.9g vs %.9g", name, i, a, b));
            }
        }
        if (bad > 0) {
            failures.add(String.format(Locale.ROOT, "%s: %d of %d elements beyond %.1g relative + %.3g, first %s",
                    name, bad, expected.length, relative, floor, firstBad));
        }
    }

    /** One summary line on stdout, then fails if any tensor was off. */
    void assertAllClose() {
        System.out.printf(Locale.ROOT, "golden %s: %d elements, max relative error %.3g at %s, max absolute error %.3g, "
                        + "%d beyond 1e-5 relative%s%n",
                what, elements, maxRelative, maxRelativeAt, maxAbsolute, floored.size(),
                floored.isEmpty() ? "" : " " + floored.subList(0, Math.min(5, floored.size())));
        if (!failures.isEmpty()) throw new AssertionError(what + " differs from PyTorch:\n  " + String.join("\n  ", failures));
    }
}
