package socialalign.autograd.nn;

import java.util.SplittableRandom;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/** Seeded, deterministic initialisers with PyTorch's distributions (not its random stream). */
public final class Init {
    private Init() {}

    /**
     * torch.nn.init.kaiming_uniform_(w, a=sqrt 5), Linear's default: gain = sqrt(2 / (1 + a^2)) = sqrt(1/3),
     * bound = gain * sqrt(3 / fanIn) = 1 / sqrt(fanIn).
     */
    public static Tensor kaimingUniform(Backend backend, SplittableRandom random, int fanIn, int... shape) {
        return uniform(backend, random, 1 / Math.sqrt(fanIn), shape);
    }

    /** U(-bound, bound). */
    public static Tensor uniform(Backend backend, SplittableRandom random, double bound, int... shape) {
        double[] v = new double[Math.toIntExact(socialalign.engine.Shape.numel(shape))];
        for (int i = 0; i < v.length; i++) v[i] = random.nextDouble(-bound, bound);
        return backend.fromDoubles(v, shape);
    }

    /** N(0, std^2) by Box-Muller. */
    public static Tensor normal(Backend backend, SplittableRandom random, double std, int... shape) {
        double[] v = new double[Math.toIntExact(socialalign.engine.Shape.numel(shape))];
        for (int i = 0; i < v.length; i += 2) {
            double u1 = 1 - random.nextDouble(), u2 = random.nextDouble();
            double r = std * Math.sqrt(-2 * Math.log(u1));
            v[i] = r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < v.length) v[i + 1] = r * Math.sin(2 * Math.PI * u2);
        }
        return backend.fromDoubles(v, shape);
    }

    public static Tensor ones(Backend backend, int... shape) {
        double[] v = new double[Math.toIntExact(socialalign.engine.Shape.numel(shape))];
        java.util.Arrays.fill(v, 1);
        return backend.fromDoubles(v, shape);
    }
}
