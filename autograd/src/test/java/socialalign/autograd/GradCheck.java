package socialalign.autograd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import socialalign.engine.Backend;
import socialalign.engine.Shape;
import socialalign.engine.Tensor;
import socialalign.engine.reference.ReferenceBackend;

/**
 * Analytic gradients against central finite differences, in double precision on the reference backend.
 * The scalar under test is {@code L = sum(f(inputs) * R)} with fixed random R, so every output element
 * and every input element is checked.
 */
final class GradCheck {
    private GradCheck() {}

    static final Backend REF = ReferenceBackend.INSTANCE;
    private static final double H = 1e-6, RTOL = 1e-6, ATOL = 1e-8;

    static Tensor random(SplittableRandom r, double lo, double hi, int... shape) {
        double[] v = new double[(int) Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(lo, hi);
        return REF.fromDoubles(v, shape);
    }

    static void check(String op, SplittableRandom r, Function<List<Variable>, Variable> f, Tensor... inputs) {
        List<Variable> leaves = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) leaves.add(Variable.leaf(op + " input " + i, inputs[i]));
        Variable y = f.apply(leaves);
        Tensor weights = random(r, -1, 1, y.shape());
        F.sumAll(F.mul(y, Variable.constant(weights))).backward();

        for (int i = 0; i < inputs.length; i++) {
            Tensor analytic = leaves.get(i).grad();
            assertNotNull(analytic, op + ": no gradient for input " + i);
            double[] a = analytic.toDoubles(), x = inputs[i].toDoubles();
            for (int j = 0; j < x.length; j++) {
                double numeric = (loss(f, inputs, i, j, x, H, weights) - loss(f, inputs, i, j, x, -H, weights)) / (2 * H);
                if (Math.abs(a[j] - numeric) > ATOL + RTOL * Math.abs(numeric) + 1e-9 * Math.abs(a[j])) {
                    fail(op + ": d/d input " + i + "[" + j + "] analytic " + a[j] + ", numeric " + numeric);
                }
            }
        }
    }

    private static double loss(Function<List<Variable>, Variable> f, Tensor[] inputs, int which, int element, double[] x,
                               double delta, Tensor weights) {
        try (var off = GradMode.disabled()) {
            List<Variable> vars = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = inputs[i];
                if (i == which) {
                    double[] moved = x.clone();
                    moved[element] += delta;
                    t = REF.fromDoubles(moved, t.shape());
                }
                vars.add(Variable.constant(t));
            }
            return F.sumAll(F.mul(f.apply(vars), Variable.constant(weights))).value().item();
        }
    }
}
