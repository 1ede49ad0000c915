package socialalign.lora;

import java.util.Map;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Projection;

/**
 * A projection wrapped by an adapter: the frozen base {@link Linear} plus trainable adapter tensors. Its
 * {@link #parameters()} list the base's {@code weight}/{@code bias} and the adapter's tensors by PEFT's
 * names relative to the module ({@code lora_A.weight}).
 */
public sealed interface AdapterModule extends Projection permits LoraLinear, PacLoraLinear {

    /** The module's Hugging Face name, e.g. {@code model.layers.0.self_attn.q_proj}. */
    String name();

    Linear base();

    /** The adapter's own tensors, by PEFT's names relative to the module, in file order. */
    Map<String, Variable> adapterParameters();

    @Override
    default int inFeatures() {
        return base().inFeatures();
    }

    @Override
    default int outFeatures() {
        return base().outFeatures();
    }
}
