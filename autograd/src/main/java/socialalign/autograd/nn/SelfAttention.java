package socialalign.autograd.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/**
 * Causal self-attention as in Qwen2: q, k, v projections with bias, rotary embedding, grouped-query
 * attention ({@code nHeads} query heads share {@code nKvHeads} key/value heads), output projection
 * without bias.
 */
public final class SelfAttention implements Module {
    public final Linear qProj; // [nHeads * headDim, hidden]
    public final Linear kProj; // [nKvHeads * headDim, hidden]
    public final Linear vProj; // [nKvHeads * headDim, hidden]
    public final Linear oProj; // [hidden, nHeads * headDim]
    public final int nHeads, nKvHeads, headDim;
    public final double ropeTheta;

    public SelfAttention(Linear qProj, Linear kProj, Linear vProj, Linear oProj, int nHeads, int nKvHeads, double ropeTheta) {
        this.qProj = qProj;
        this.kProj = kProj;
        this.vProj = vProj;
        this.oProj = oProj;
        this.nHeads = nHeads;
        this.nKvHeads = nKvHeads;
        this.headDim = qProj.weight.shape()[0] / nHeads;
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
        int[] s = x.shape();
        int b = s[0], t = s[1];
        Variable q = heads(qProj.forward(x), b, t, nHeads);   // [B, nHeads, T, headDim]
        Variable k = heads(kProj.forward(x), b, t, nKvHeads); // [B, nKvHeads, T, headDim]
        Variable v = heads(vProj.forward(x), b, t, nKvHeads);
        q = F.rope(q, positions, ropeTheta);
        k = F.rope(k, positions, ropeTheta);
        Variable out = F.attention(q, k, v, 1 / Math.sqrt(headDim), true); // [B, nHeads, T, headDim]
        out = F.reshape(F.transpose(out, 1, 2), b, t, nHeads * headDim);
        return oProj.forward(out);
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
