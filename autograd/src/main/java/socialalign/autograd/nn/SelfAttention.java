package socialalign.autograd.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/**
 * Causal self-attention as in Qwen2: q, k, v projections with bias, rotary embedding, grouped-query
 * attention ({@code nHeads} query heads share {@code nKvHeads} key/value heads), output projection
 * without bias.
 */
public final class SelfAttention implements Module {
    public final Projection qProj; // [nHeads * headDim, hidden]
    public final Projection kProj; // [nKvHeads * headDim, hidden]
    public final Projection vProj; // [nKvHeads * headDim, hidden]
    public final Projection oProj; // [hidden, nHeads * headDim]
    public final int nHeads, nKvHeads, headDim;
    public final double ropeTheta;

    public SelfAttention(Projection qProj, Projection kProj, Projection vProj, Projection oProj, int nHeads, int nKvHeads,
                         double ropeTheta) {
        this.qProj = qProj;
        this.kProj = kProj;
        this.vProj = vProj;
        this.oProj = oProj;
        this.nHeads = nHeads;
        this.nKvHeads = nKvHeads;
        this.headDim = qProj.outFeatures() / nHeads;
        this.ropeTheta = ropeTheta;
    }

    public static SelfAttention init(Backend backend, SplittableRandom random, int hidden, int nHeads, int nKvHeads, double ropeTheta) {
        int headDim = hidden / nHeads;
        return new SelfAttention(
                Linear.init(backend, random, hidden, nHeads * headDim, true),
                Linear.init(backend, random, hidden, nKvHeads * headDim, true),
                Linear.init(backend, random, hidden, nKvHeads * headDim, true),
                Linear.init(backend, random, nHeads * headDim, hidden, false),
                nHeads, nKvHeads, ropeTheta);
    }

    /** {@code x [B, T, hidden]} at {@code positions [T]} -> {@code [B, T, hidden]}. */
    public Variable forward(Variable x, int[] positions) {
        return forward(x, TokenContext.of(positions), null);
    }

    /**
     * {@code x [B, T, hidden]} of the tokens {@code context} describes -> {@code [B, T, hidden]}. With a
     * {@code cache} (inference, B = 1), the chunk's keys and values join the cached ones and the chunk attends to
     * all of them; without, the chunk is the whole sequence.
     */
    public Variable forward(Variable x, TokenContext context, LayerCache cache) {
        int[] s = x.shape();
        int b = s[0], t = s[1];
        int[] positions = context.positions();
        Variable q = heads(qProj.forward(x, context), b, t, nHeads);   // [B, nHeads, T, headDim]
        Variable k = heads(kProj.forward(x, context), b, t, nKvHeads); // [B, nKvHeads, T, headDim]
        Variable v = heads(vProj.forward(x, context), b, t, nKvHeads);
        q = F.rope(q, positions, ropeTheta);
        k = F.rope(k, positions, ropeTheta);
        if (cache != null) {
            LayerCache.Window window = cache.append(k.value(), v.value());
            k = Variable.constant(window.keys());
            v = Variable.constant(window.values());
        }
        Variable out = F.attention(q, k, v, 1 / Math.sqrt(headDim), true); // [B, nHeads, T, headDim]
        out = F.reshape(F.transpose(out, 1, 2), b, t, nHeads * headDim);
        return oProj.forward(out, context);
    }

    /** This attention with each projection replaced by {@code wrap(name, projection)}, names as {@code q_proj}. */
    public SelfAttention mapProjections(BiFunction<String, Projection, Projection> wrap) {
        return new SelfAttention(wrap.apply("q_proj", qProj), wrap.apply("k_proj", kProj), wrap.apply("v_proj", vProj),
                wrap.apply("o_proj", oProj), nHeads, nKvHeads, ropeTheta);
    }

    /** {@code [B, T, n * headDim]} -> {@code [B, n, T, headDim]}. */
    private Variable heads(Variable x, int b, int t, int n) {
        return F.transpose(F.reshape(x, b, t, n, headDim), 1, 2);
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        Modules.put(p, "q_proj", qProj);
        Modules.put(p, "k_proj", kProj);
        Modules.put(p, "v_proj", vProj);
        Modules.put(p, "o_proj", oProj);
        return p;
    }
}
