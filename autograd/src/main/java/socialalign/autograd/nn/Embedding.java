package socialalign.autograd.nn;

import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/** torch.nn.Embedding: a table {@code [vocab, dim]} read by token id. */
public final class Embedding implements Module {
    public final Variable weight; // [vocab, dim]

    public Embedding(Variable weight) {
        this.weight = weight;
    }

    /** PyTorch's default init: N(0, 1). */
    public static Embedding init(Backend backend, SplittableRandom random, int vocab, int dim) {
        return new Embedding(Variable.leaf("weight", Init.normal(backend, random, 1, vocab, dim)));
    }

    /** {@code ids [T]} -> {@code [T, dim]}. */
    public Variable forward(int[] ids) {
        return F.embedding(weight, ids);
    }

    @Override
    public Map<String, Variable> parameters() {
        return Map.of("weight", weight);
    }
}
