package socialalign.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import socialalign.autograd.nn.DecoderBlock;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.RmsNorm;
import socialalign.autograd.nn.SelfAttention;
import socialalign.autograd.nn.SwiGlu;
import socialalign.engine.Tensor;

/** A whole decoder block (GQA 2:1, biases, RoPE, SwiGLU): the gradient of the input and of all 12 parameters. */
class BlockGradientTest {
    @Test
    void everyParameterOfADecoderBlock() {
        var r = new SplittableRandom(7);
        DecoderBlock init = DecoderBlock.init(GradCheck.REF, r, 8, 10, 4, 2, 10000, 1e-6);
        List<String> names = new ArrayList<>(init.parameters().keySet());
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(GradCheck.random(r, -1, 1, 1, 5, 8));
        for (String name : names) {
            // Random norm weights, so that their gradients are not all alike.
            inputs.add(name.endsWith("layernorm.weight") ? GradCheck.random(r, 0.5, 1.5, 8) : init.parameters().get(name).value());
        }
        int[] positions = {0, 1, 2, 3, 4};
        GradCheck.check("decoder block", r, v -> block(names, v).forward(v.get(0), positions), inputs.toArray(Tensor[]::new));
    }

    private static DecoderBlock block(List<String> names, List<Variable> v) {
        Map<String, Variable> p = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) p.put(names.get(i), v.get(i + 1));
        return new DecoderBlock(
                new RmsNorm(p.get("input_layernorm.weight"), 1e-6),
                new SelfAttention(linear(p, "self_attn.q_proj", true), linear(p, "self_attn.k_proj", true),
                        linear(p, "self_attn.v_proj", true), linear(p, "self_attn.o_proj", false), 4, 2, 10000),
                new RmsNorm(p.get("post_attention_layernorm.weight"), 1e-6),
                new SwiGlu(linear(p, "mlp.gate_proj", false), linear(p, "mlp.up_proj", false), linear(p, "mlp.down_proj", false)));
    }

    private static Linear linear(Map<String, Variable> p, String name, boolean bias) {
        return new Linear(p.get(name + ".weight"), bias ? p.get(name + ".bias") : null);
    }
}
