package socialalign.lora;

import java.util.ArrayList;
import java.util.List;
import socialalign.autograd.Variable;

/**
 * Records the gate weights that every PAC-LoRA module computes in a forward, for looking at them
 * ({@code socialalign gates}). Put it in the sequence's memory under {@link #KEY} before the forward.
 */
public final class GateTrace {
    /** The memory key under which modules look for a trace. */
    public static final Object KEY = GateTrace.class;

    /** The gates of one module: per token, the weights of the three analyze and the three compose experts. */
    public record Entry(String module, int[] positions, float[][] analyze, float[][] compose) {}

    private final List<Entry> entries = new ArrayList<>();

    void record(String module, int[] positions, Variable analyze, Variable compose) {
        entries.add(new Entry(module, positions.clone(), perToken(analyze, positions.length), perToken(compose, positions.length)));
    }

    /** The first sequence's weights {@code [T][3]}, a gate shared by all tokens repeated for each. */
    private static float[][] perToken(Variable gate, int t) {
        float[] v = gate.value().slice(0, 0, 1).contiguous().toFloats();
        int rows = v.length / PacLoraLinear.EXPERTS;
        float[][] out = new float[t][PacLoraLinear.EXPERTS];
        for (int i = 0; i < t; i++) {
            System.arraycopy(v, (rows == 1 ? 0 : i) * PacLoraLinear.EXPERTS, out[i], 0, PacLoraLinear.EXPERTS);
        }
        return out;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
