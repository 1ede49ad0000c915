package socialalign.autograd.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/** torch.nn.Linear: {@code y = x W^T + b}, weight {@code [out, in]}, bias {@code [out]} (optional). */
public final class Linear implements Projection {
    public final Variable weight; // [out, in]
    public final Variable bias;   // [out] or null

    public Linear(Variable weight, Variable bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** PyTorch's default init: weight kaiming-uniform(a = sqrt 5), bias U(-1/sqrt(in), 1/sqrt(in)). */
    public static Linear init(Backend backend, SplittableRandom random, int in, int out, boolean withBias) {
        Variable w = Variable.leaf("weight", Init.kaimingUniform(backend, random, in, out, in));
        Variable b = withBias ? Variable.leaf("bias", Init.uniform(backend, random, 1 / Math.sqrt(in), out)) : null;
        return new Linear(w, b);
    }

    public Variable forward(Variable x) {
        return F.linear(x, weight, bias);
    }

    /** A plain linear map does not depend on the tokens' context. */
    @Override
    public Variable forward(Variable x, TokenContext context) {
        return forward(x);
    }

    @Override
    public int inFeatures() {
        return weight.shape()[1];
    }

    @Override
    public int outFeatures() {
        return weight.shape()[0];
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        p.put("weight", weight);
        if (bias != null) p.put("bias", bias);
        return p;
    }
}
