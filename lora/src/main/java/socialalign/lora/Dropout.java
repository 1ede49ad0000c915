package socialalign.lora;

import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;

/** Inverted dropout as torch.nn.Dropout in training: each element kept with probability 1 - p and scaled by 1/(1 - p). */
final class Dropout {
    private Dropout() {}

    /** {@code x} unchanged when {@code random} is null (evaluation) or p is 0. */
    static Variable apply(Variable x, double p, SplittableRandom random) {
        if (random == null || p == 0) return x;
        double[] mask = new double[Math.toIntExact(x.value().numel())];
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < p ? 0 : keep;
        return F.mul(x, Variable.constant(x.backend().fromDoubles(mask, x.shape())));
    }
}
