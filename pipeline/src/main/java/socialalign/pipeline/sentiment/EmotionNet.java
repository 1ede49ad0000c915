package socialalign.pipeline.sentiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Init;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Module;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * The network: a bag of feature embeddings, mean-pooled (fastText, Joulin et al. 2017, "Bag of Tricks for Efficient
 * Text Classification"), then one hidden GELU layer and a linear layer to the six emotion logits:
 * {@code logits = W2 gelu(W1 mean_i(E[f_i]) + b1) + b2}.
 */
public final class EmotionNet implements Module {
    /** Feature embeddings {@code [vocabulary, dim]}. */
    public final Variable table;
    public final Linear hidden;
    public final Linear output;

    public EmotionNet(Variable table, Linear hidden, Linear output) {
        this.table = table;
        this.hidden = hidden;
        this.output = output;
    }

    /** Seeded initialisation: embeddings U(-1/dim, 1/dim) as fastText, the layers as torch.nn.Linear. */
    public static EmotionNet init(Backend backend, SplittableRandom random, int vocabulary, int dim, int hiddenSize) {
        Variable table = Variable.leaf("table", Init.uniform(backend, random, 1.0 / dim, vocabulary, dim));
        return new EmotionNet(table, Linear.init(backend, random, dim, hiddenSize, true),
                Linear.init(backend, random, hiddenSize, Emotion.values().length, true));
    }

    public int dim() {
        return table.shape()[1];
    }

    /** The logits {@code [bags, 6]} of a batch of bags of feature ids; an empty bag pools to the zero vector. */
    public Variable forward(List<int[]> bags) {
        Backend backend = table.backend();
        int total = 0;
        for (int[] bag : bags) total += bag.length;
        Variable pooled;
        if (total == 0) {
            pooled = Variable.constant(backend.zeros(bags.size(), dim()));
        } else {
            // Mean pooling as one matmul: P [bags, total] holds 1/|bag| where a row of the gathered embeddings
            // belongs to that bag, so P @ E[ids] is the mean embedding of every bag.
            int[] ids = new int[total];
            float[] pool = new float[bags.size() * total];
            int at = 0;
            for (int b = 0; b < bags.size(); b++) {
                int[] bag = bags.get(b);
                for (int id : bag) {
                    pool[b * total + at] = 1f / bag.length;
                    ids[at++] = id;
                }
            }
            Tensor p = backend.fromFloats(pool, bags.size(), total);
            pooled = F.matmul(Variable.constant(p), F.embedding(table, ids));
        }
        return output.forward(F.gelu(hidden.forward(pooled)));
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        p.put("table", table);
        hidden.parameters().forEach((k, v) -> p.put("hidden." + k, v));
        output.parameters().forEach((k, v) -> p.put("output." + k, v));
        return p;
    }
}
