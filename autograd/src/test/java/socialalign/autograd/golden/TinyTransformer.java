package socialalign.autograd.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.DecoderBlock;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.RmsNorm;
import socialalign.autograd.nn.SelfAttention;
import socialalign.autograd.nn.SwiGlu;
import socialalign.engine.Backend;

/**
 * The model of {@code make_golden.py}, composed from the Java blocks: token embedding, one Qwen2
 * {@link DecoderBlock}, final RMSNorm and an untied lm_head without bias, with the cross-entropy over the
 * golden targets (batch 1). Its parameters start at the golden values {@code param.<name>}.
 */
final class TinyTransformer {
    final Variable embedTokens; // [vocab, hidden]
    final DecoderBlock block;
    final Variable norm;        // [hidden]
    final Variable lmHead;      // [vocab, hidden]
    private final double eps;
    private final int[] ids, targets, positions;

    TinyTransformer(Golden g, Backend backend) {
        eps = g.scalar("rms_eps");
        ids = g.ints("ids");
        targets = g.ints("targets");
        positions = IntStream.range(0, ids.length).toArray();
        embedTokens = param(g, backend, "embed_tokens.weight");
        block = new DecoderBlock(
                new RmsNorm(param(g, backend, "input_layernorm.weight"), eps),
                new SelfAttention(
                        linear(g, backend, "self_attn.q_proj", true),
                        linear(g, backend, "self_attn.k_proj", true),
                        linear(g, backend, "self_attn.v_proj", true),
                        linear(g, backend, "self_attn.o_proj", false),
                        g.integer("heads"), g.integer("kv_heads"), g.scalar("rope_theta")),
                new RmsNorm(param(g, backend, "post_attention_layernorm.weight"), eps),
                new SwiGlu(
                        linear(g, backend, "mlp.gate_proj", false),
                        linear(g, backend, "mlp.up_proj", false),
                        linear(g, backend, "mlp.down_proj", false)));
        norm = param(g, backend, "norm.weight");
        lmHead = param(g, backend, "lm_head.weight");
    }

    private static Variable param(Golden g, Backend backend, String name) {
        return Variable.leaf(name, g.tensor("param." + name, backend));
    }

    private static Linear linear(Golden g, Backend backend, String name, boolean bias) {
        return new Linear(param(g, backend, name + ".weight"), bias ? param(g, backend, name + ".bias") : null);
    }

    /** Every parameter by its Hugging Face name; the block's names are {@link DecoderBlock#parameters()}'s own. */
    Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        p.put("embed_tokens.weight", embedTokens);
        p.putAll(block.parameters());
        p.put("norm.weight", norm);
        p.put("lm_head.weight", lmHead);
        return p;
    }

    /** {@code [T, vocab]}. */
    Variable logits() {
        int t = ids.length, hidden = embedTokens.shape()[1];
        Variable x = F.reshape(F.embedding(embedTokens, ids), 1, t, hidden);
        Variable h = F.rmsNorm(block.forward(x, positions), norm, eps);
        return F.reshape(F.linear(h, lmHead, null), t, -1);
    }

    /** Mean cross-entropy of the logits over the targets that are not -100, shape [1]. */
    Variable loss(Variable logits) {
        return F.crossEntropy(logits, targets);
    }
}
