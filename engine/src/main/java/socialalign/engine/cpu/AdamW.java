package socialalign.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import socialalign.engine.Backend.AdamWHyper;

/** The AdamW update of {@code torch.optim.AdamW} (single-tensor path), vectorised. */
final class AdamW {
    private AdamW() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * Per-step constants, each computed in double and rounded once, as PyTorch does: {@code decay = 1 - lr wd},
     * {@code stepSize = lr / (1 - b1^t)}, {@code rootC2 = sqrt(1 - b2^t)}. The complements {@code 1 - beta} are
     * rounded from double too: {@code 1 - 0.999f} in float would be 1.3e-5 off.
     */
    record Step(float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float rootC2, float eps) {
        static Step of(AdamWHyper hp, int step) {
            double c1 = 1 - Math.pow(hp.beta1(), step), c2 = 1 - Math.pow(hp.beta2(), step);
            return new Step((float) (1 - hp.lr() * hp.weightDecay()), (float) hp.beta1(), (float) (1 - hp.beta1()),
                    (float) hp.beta2(), (float) (1 - hp.beta2()), (float) (hp.lr() / c1), (float) Math.sqrt(c2), (float) hp.eps());
        }
    }

    // p = p * (1 - lr wd); m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize * m / (sqrt(v) / rootC2 + eps).
    static void update(Step s, float[] p, float[] g, float[] m, float[] v, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(s.beta1()).add(gv.mul(s.oneMinusBeta1()));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(s.beta2()).add(gv.mul(gv).mul(s.oneMinusBeta2()));
            FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(s.rootC2()).add(s.eps());
            FloatVector pv = FloatVector.fromArray(S, p, i).mul(s.decay());
            pv.sub(mv.div(denom).mul(s.stepSize())).intoArray(p, i);
            mv.intoArray(m, i);
            vv.intoArray(v, i);
        }
        for (; i < to; i++) {
            m[i] = s.beta1() * m[i] + s.oneMinusBeta1() * g[i];
            v[i] = s.beta2() * v[i] + s.oneMinusBeta2() * g[i] * g[i];
            float denom = (float) Math.sqrt(v[i]) / s.rootC2() + s.eps();
            p[i] = p[i] * s.decay() - s.stepSize() * (m[i] / denom);
        }
    }
}
