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
        float[] mask = new float[Math.toIntExact(x.value().numel())];
        float keep = (float) (1 / (1 - p));
        // Two uniform 32-bit draws per 64 random bits (a mask per projection and step is millions of elements); an
        // element is dropped when its draw falls below p 2^32, so with probability p to within 2^-32.
        long threshold = Math.round(p * 0x1p32);
        for (int i = 0; i < mask.length; i += 2) {
            long bits = random.nextLong();
            mask[i] = bits >>> 32 < threshold ? 0 : keep;
            if (i + 1 < mask.length) mask[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? 0 : keep;
        }
        return F.mul(x, Variable.constant(x.backend().fromFloats(mask, x.shape())));
    }
}
