package socialalign.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import socialalign.autograd.F;
import socialalign.autograd.GradMode;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Spans;
import socialalign.autograd.nn.TokenContext;
import socialalign.engine.Backend;
import socialalign.engine.Shape;
import socialalign.engine.Tensor;
import socialalign.engine.reference.ReferenceBackend;

/**
 * The PAC-LoRA layer's analytic gradients (input, base weight and bias, all ten adapter tensors) against central
 * finite differences, in double precision on the reference backend, for random shapes, spans (empty, partial,
 * reaching past the chunk) and every gate mode. The scalar is {@code sum(y * R)} with a fixed random R.
 */
class PacLoraGradientProperties {
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private static final double H = 1e-6, RTOL = 1e-6, ATOL = 1e-8;

    /** The layer under test, rebuilt from a list of tensors: x, W0, b, then the adapter's ten in file order. */
    private record Case(LoraConfig config, Spans spans, int t) {
        Variable forward(List<Variable> v) {
            int[] next = {3};
            PacLoraLinear layer = PacLoraLinear.create("m", new Linear(v.get(1), v.get(2)), config,
                    (key, shape, initial) -> v.get(next[0]++).value());
            return layer.forward(v.get(0), new TokenContext(TokenContext.range(0, t), spans, new HashMap<>(), null));
        }
    }

    @Property(tries = 25)
    void everyGradientOfTheLayer(@ForAll @IntRange(min = 1, max = 6) int in, @ForAll @IntRange(min = 1, max = 5) int out,
                                 @ForAll @IntRange(min = 1, max = 3) int r, @ForAll @IntRange(min = 1, max = 6) int t,
                                 @ForAll @IntRange(min = 0, max = 7) int userEnd, @ForAll @IntRange(min = 0, max = 7) int newsLength,
                                 @ForAll GateMode mode, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Case c = new Case(new LoraConfig(r, 1 + random.nextInt(16), 0, LoraConfig.ALL_TARGETS, true, mode),
                new Spans(userEnd, userEnd + newsLength), t);
        List<Tensor> inputs = new ArrayList<>(List.of(random(random, 1, t, in), random(random, out, in), random(random, out)));
        PacLoraLinear.create("m", new Linear(Variable.constant(inputs.get(1)), null), c.config(), (key, shape, initial) -> {
            inputs.add(random(random, shape)); // every adapter tensor non-zero, B included
            return inputs.getLast();
        });
        assertEquals(13, inputs.size());

        // Analytic: the leaves x, W0, b are ours; the adapter's leaves are the layer's own.
        List<Variable> leaves = new ArrayList<>();
        for (Tensor x : inputs) leaves.add(Variable.leaf("input", x));
        int[] next = {3};
        PacLoraLinear layer = PacLoraLinear.create("m", new Linear(leaves.get(1), leaves.get(2)), c.config(),
                (key, shape, initial) -> inputs.get(next[0]++));
        Variable y = layer.forward(leaves.get(0), new TokenContext(TokenContext.range(0, t), c.spans(), new HashMap<>(), null));
        Tensor weights = random(random, y.shape());
        F.sumAll(F.mul(y, Variable.constant(weights))).backward();
        List<Variable> withGrads = new ArrayList<>(leaves.subList(0, 3));
        withGrads.addAll(layer.adapterParameters().values());

        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = withGrads.get(i).grad();
            double[] analytic = g == null ? new double[(int) inputs.get(i).numel()] : g.toDoubles();
            double[] x = inputs.get(i).toDoubles();
            for (int j = 0; j < x.length; j++) {
                double numeric = (loss(c, inputs, i, j, H, weights) - loss(c, inputs, i, j, -H, weights)) / (2 * H);
                if (Math.abs(analytic[j] - numeric) > ATOL + RTOL * Math.abs(numeric)) {
                    fail(mode + " " + c.spans() + ": d/d input " + i + "[" + j + "] analytic " + analytic[j] + ", numeric " + numeric);
                }
            }
        }
    }

    private static double loss(Case c, List<Tensor> inputs, int which, int element, double delta, Tensor weights) {
        try (var off = GradMode.disabled()) {
            List<Variable> vars = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Tensor t = inputs.get(i);
                if (i == which) {
                    double[] moved = t.toDoubles();
                    moved[element] += delta;
                    t = REF.fromDoubles(moved, t.shape());
                }
                vars.add(Variable.constant(t));
            }
            return F.sumAll(F.mul(c.forward(vars), Variable.constant(weights))).value().item();
        }
    }

    private static Tensor random(SplittableRandom r, int... shape) {
        double[] v = new double[(int) Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-1, 1);
        return REF.fromDoubles(v, shape);
    }
}
