package socialalign.autograd.nn;

import java.util.Map;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/** RMSNorm as Qwen2RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}, weight {@code [dim]} starting at ones. */
public final class RmsNorm implements Module {
    public final Variable weight; // [dim]
    public final double eps;

    public RmsNorm(Variable weight, double eps) {
        this.weight = weight;
        this.eps = eps;
    }

    public static RmsNorm init(Backend backend, int dim, double eps) {
        return new RmsNorm(Variable.leaf("weight", Init.ones(backend, dim)), eps);
    }

    public Variable forward(Variable x) {
        return F.rmsNorm(x, weight, eps);
    }

    @Override
    public Map<String, Variable> parameters() {
        return Map.of("weight", weight);
    }
}
