package socialalign.autograd.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/**
 * A pre-norm transformer decoder block as Qwen2DecoderLayer:
 * {@code h = x + attn(norm1(x)); y = h + mlp(norm2(h))}. Parameter names follow Hugging Face.
 */
public final class DecoderBlock implements Module {
    public final RmsNorm inputLayernorm;
    public final SelfAttention selfAttn;
    public final RmsNorm postAttentionLayernorm;
    public final SwiGlu mlp;

    public DecoderBlock(RmsNorm inputLayernorm, SelfAttention selfAttn, RmsNorm postAttentionLayernorm, SwiGlu mlp) {
        this.inputLayernorm = inputLayernorm;
        this.selfAttn = selfAttn;
        this.postAttentionLayernorm = postAttentionLayernorm;
        this.mlp = mlp;
    }

    public static DecoderBlock init(Backend backend, SplittableRandom random, int hidden, int intermediate,
                                    int nHeads, int nKvHeads, double ropeTheta, double eps) {
        return new DecoderBlock(
                RmsNorm.init(backend, hidden, eps),
                SelfAttention.init(backend, random, hidden, nHeads, nKvHeads, ropeTheta),
                RmsNorm.init(backend, hidden, eps),
                SwiGlu.init(backend, random, hidden, intermediate));
    }

    /** {@code x [B, T, hidden]} at {@code positions [T]} -> {@code [B, T, hidden]}. */
    public Variable forward(Variable x, int[] positions) {
        return forward(x, TokenContext.of(positions), null);
    }

    /**
     * {@code x [B, T, hidden]} of the tokens {@code context} describes -> {@code [B, T, hidden]}; with a
     * {@code cache}, the attention reads and extends it (cached decoding).
     */
    public Variable forward(Variable x, TokenContext context, LayerCache cache) {
        Variable h = F.add(x, selfAttn.forward(inputLayernorm.forward(x), context, cache));
        return F.add(h, mlp.forward(postAttentionLayernorm.forward(h), context));
    }

    /**
     * This block with each of its seven projections replaced by {@code wrap(name, projection)}, names relative to
     * the block ({@code self_attn.q_proj}, {@code mlp.down_proj}); norms are shared.
     */
    public DecoderBlock mapProjections(BiFunction<String, Projection, Projection> wrap) {
        return new DecoderBlock(inputLayernorm, selfAttn.mapProjections((n, p) -> wrap.apply("self_attn." + n, p)),
                postAttentionLayernorm, mlp.mapProjections((n, p) -> wrap.apply("mlp." + n, p)));
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        Modules.put(p, "input_layernorm", inputLayernorm);
        Modules.put(p, "self_attn", selfAttn);
        Modules.put(p, "post_attention_layernorm", postAttentionLayernorm);
        Modules.put(p, "mlp", mlp);
        return p;
    }
}
