package socialalign.lora;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How PAC-LoRA's two gates are computed (spec C7). Gate A (analyze) weighs the analyze experts from the news
 * span, gate B (compose) the compose experts from the user span.
 */
public enum GateMode {
    /** The reference: per-token gates from the span-masked hidden states; a token outside a span gets 1/3 each. */
    TOKEN("token"),
    /**
     * Ours: each gate computed once from the mean hidden state of its span and applied to every token, so the
     * response itself is steered by topic and user.
     */
    POOLED("pooled"),
    /** Ablation: gate A uniform, gate B as {@link #TOKEN}. */
    AVG_A("avg_a"),
    /** Ablation: gate B uniform, gate A as {@link #TOKEN}. */
    AVG_B("avg_b"),
    /** Ablation: both gates uniform, the fixed adapter (1/9) sum_j sum_i B_j A_i. */
    AVG_BOTH("avg_both");

    private final String wireName;

    GateMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code adapter_config.json} and on the command line. */
    public String wireName() {
        return wireName;
    }

    public static GateMode parse(String name) {
        for (GateMode m : values()) if (m.wireName.equals(name)) return m;
        throw new IllegalArgumentException("gate mode \"" + name + "\" is not one of "
                + Arrays.stream(values()).map(GateMode::wireName).collect(Collectors.joining(", ")));
    }

    boolean analyzeUniform() {
        return this == AVG_A || this == AVG_BOTH;
    }

    boolean composeUniform() {
        return this == AVG_B || this == AVG_BOTH;
    }
}
