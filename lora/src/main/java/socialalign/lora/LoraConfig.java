package socialalign.lora;

import java.util.List;
import java.util.Set;

/**
 * The settings of a LoRA or PAC-LoRA adapter, as PEFT's {@code LoraConfig} (spec C4) plus the gate mode.
 *
 * @param r             rank of every expert
 * @param alpha         scaling numerator: the update is multiplied by {@code alpha / r}
 * @param dropout       dropout probability on the adapter's input (experts and gates), training only
 * @param targetModules projection names to wrap, from {@link #ALL_TARGETS}
 * @param pac           PAC-LoRA (three analyze and three compose experts with gates) or plain LoRA
 * @param gateMode      how PAC gates are computed; ignored for plain LoRA
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, boolean pac, GateMode gateMode) {

    /** The seven projections of a Qwen2 layer, PEFT's names. */
    public static final List<String> ALL_TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    public LoraConfig {
        if (r <= 0) throw new IllegalArgumentException("field r: must be positive, got " + r);
        if (!(alpha > 0)) throw new IllegalArgumentException("field lora_alpha: must be positive, got " + alpha);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("field lora_dropout: must be in [0, 1), got " + dropout);
        targetModules = List.copyOf(targetModules);
        if (targetModules.isEmpty()) throw new IllegalArgumentException("field target_modules: empty");
        for (String t : targetModules) {
            if (!ALL_TARGETS.contains(t)) {
                throw new IllegalArgumentException("field target_modules: \"" + t + "\" is not one of " + ALL_TARGETS);
            }
        }
        if (Set.copyOf(targetModules).size() != targetModules.size()) {
            throw new IllegalArgumentException("field target_modules: " + targetModules + " names a module twice");
        }
        if (gateMode == null) gateMode = GateMode.TOKEN;
    }

    /** The paper's PAC-LoRA: r 8, alpha 16, dropout 0.1, all seven projections, token gates (spec C4). */
    public static LoraConfig pacDefaults() {
        return new LoraConfig(8, 16, 0.1, ALL_TARGETS, true, GateMode.TOKEN);
    }

    /** The Pieces baseline: plain LoRA with the same r, alpha, dropout and targets (spec C6). */
    public static LoraConfig loraDefaults() {
        return new LoraConfig(8, 16, 0.1, ALL_TARGETS, false, GateMode.TOKEN);
    }

    public double scaling() {
        return alpha / r;
    }

    /** Whether the module named {@code name} (e.g. {@code model.layers.0.mlp.up_proj}) is a target. */
    public boolean targets(String moduleName) {
        return targetModules.contains(moduleName.substring(moduleName.lastIndexOf('.') + 1));
    }
}
