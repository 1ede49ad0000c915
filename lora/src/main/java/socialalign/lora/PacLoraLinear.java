package socialalign.lora;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Spans;
import socialalign.autograd.nn.TokenContext;

/**
 * PAC-LoRA on one projection (spec C7): with {@code x~ = dropout(x)},
 * <pre>
 *   gA = softmax(W_A2 gelu(W_A1 x_news)),  gB = softmax(W_B2 gelu(W_B1 x_user))
 *   y  = W0 x + b + (alpha/r) sum_j gB_j B_j (sum_i gA_i A_i x~)
 * </pre>
 * with analyze experts A_i {@code [r, in]}, compose experts B_j {@code [out, r]}, gate weights W_1 {@code [32, in]}
 * and W_2 {@code [3, 32]} without biases, and exact GELU. {@code x_news} / {@code x_user} are {@code x~} with every
 * token outside the news / user span zeroed; spans are compared with absolute positions (not chunk-local ones, the
 * reference's defect C9), so a token decoded with a KV cache gets the gates of a full forward.
 *
 * <p>A zeroed token gives gate logits 0, an exactly uniform gate, so in {@link GateMode#TOKEN} the gate MLPs run
 * only on the span's own rows and the other rows get 1/3 directly: the same values at a fraction of the work.
 */
public final class PacLoraLinear implements AdapterModule {
    /** Experts per side and width of the gate MLPs, fixed by the reference (spec C4). */
    public static final int EXPERTS = 3, GATE_HIDDEN = 32;

    /** The two gates; each reads its own span. */
    enum Gate {
        ANALYZE("lora_A"), COMPOSE("lora_B");

        final String prefix;

        Gate(String prefix) {
            this.prefix = prefix;
        }

        int start(Spans s) {
            return this == ANALYZE ? s.userEnd() : 0;
        }

        int end(Spans s) {
            return this == ANALYZE ? s.newsEnd() : s.userEnd();
        }
    }

    /** Where a pooled gate is kept in the sequence's memory between cached decoding steps. */
    private record PooledKey(PacLoraLinear module, Gate gate) {}

    private final String name;
    private final Linear base;
    private final List<Variable> analyze, compose; // A_i [r, in], B_j [out, r]
    private final Variable analyzeDense1, analyzeDense2, composeDense1, composeDense2;
    private final int r;
    private final double scaling, dropout;
    private final GateMode mode;

    PacLoraLinear(String name, Linear base, List<Variable> analyze, List<Variable> compose, Variable analyzeDense1,
                  Variable analyzeDense2, Variable composeDense1, Variable composeDense2, double scaling, double dropout,
                  GateMode mode) {
        this.name = name;
        this.base = base;
        this.analyze = List.copyOf(analyze);
        this.compose = List.copyOf(compose);
        this.analyzeDense1 = analyzeDense1;
        this.analyzeDense2 = analyzeDense2;
        this.composeDense1 = composeDense1;
        this.composeDense2 = composeDense2;
        this.r = analyze.getFirst().shape()[0];
        this.scaling = scaling;
        this.dropout = dropout;
        this.mode = mode;
    }

    /**
     * The adapter of module {@code name} with its tensors from {@code source}; fresh, as the reference initialises
     * them (spec C4): experts A and both layers of both gates kaiming-uniform(a = sqrt 5), experts B zeros.
     */
    static PacLoraLinear create(String name, Linear base, LoraConfig config, TensorSource source) {
        int in = base.inFeatures(), out = base.outFeatures(), r = config.r();
        String prefix = LoraModel.keyPrefix(name);
        var make = new Object() {
            Variable of(String key, TensorSource.Initial initial, int... shape) {
                return Variable.leaf(key, source.get(prefix + key + ".weight", shape, initial));
            }
        };
        List<Variable> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < EXPERTS; i++) a.add(make.of(expertName(Gate.ANALYZE, i), TensorSource.Initial.KAIMING_UNIFORM, r, in));
        for (int j = 0; j < EXPERTS; j++) b.add(make.of(expertName(Gate.COMPOSE, j), TensorSource.Initial.ZEROS, out, r));
        return new PacLoraLinear(name, base, a, b,
                make.of("lora_A_gate_dense1", TensorSource.Initial.KAIMING_UNIFORM, GATE_HIDDEN, in),
                make.of("lora_A_gate_dense2", TensorSource.Initial.KAIMING_UNIFORM, EXPERTS, GATE_HIDDEN),
                make.of("lora_B_gate_dense1", TensorSource.Initial.KAIMING_UNIFORM, GATE_HIDDEN, in),
                make.of("lora_B_gate_dense2", TensorSource.Initial.KAIMING_UNIFORM, EXPERTS, GATE_HIDDEN),
                config.scaling(), config.dropout(), config.gateMode());
    }

    /** PEFT's expert names: {@code lora_A}, {@code lora_A1}, {@code lora_A2} (and B). */
    static String expertName(Gate side, int i) {
        return side.prefix + (i == 0 ? "" : Integer.toString(i));
    }

    /** {@code x [B, T, in]} of the chunk that {@code context} describes -> {@code [B, T, out]}. */
    @Override
    public Variable forward(Variable x, TokenContext context) {
        int[] s = x.shape();
        if (s.length != 3) throw new IllegalArgumentException(name + ": input must be [B, T, in], got rank " + s.length);
        int b = s[0], t = s[1];
        int[] positions = context.positions();
        if (positions.length != t || positions[t - 1] != positions[0] + t - 1) {
            throw new IllegalArgumentException(name + ": the " + t + " tokens need consecutive positions");
        }
        Variable result = base.forward(x);
        Variable xd = Dropout.apply(x, dropout, context.dropout());
        Variable gA = mode.analyzeUniform() ? uniform(x) : gate(Gate.ANALYZE, xd, context);
        Variable gB = mode.composeUniform() ? uniform(x) : gate(Gate.COMPOSE, xd, context);
        if (context.memory().get(GateTrace.KEY) instanceof GateTrace trace) trace.record(name, positions, gA, gB);

        // sum_i gA_i (A_i x~): one product with the stacked experts [3r, in], then the gate-weighted sum.
        Variable perExpert = F.reshape(F.linear(xd, F.concat(analyze, 0), null), b, t, EXPERTS, r);
        Variable h = F.sum(F.mul(perExpert, expertWeights(gA)), 2, false); // [B, T, r]
        // sum_j gB_j (B_j h) = [B_0 B_1 B_2] [gB_0 h; gB_1 h; gB_2 h]: one product with the experts side by side.
        Variable weighted = F.reshape(F.mul(F.reshape(h, b, t, 1, r), expertWeights(gB)), b, t, EXPERTS * r);
        Variable delta = F.linear(weighted, F.concat(compose, 1), null); // [B, T, out]
        return F.add(result, F.scale(delta, scaling));
    }

    /** A gate {@code [B or 1, T or 1, 3]} as {@code [.., .., 3, 1]}, to weigh the experts' rows. */
    private static Variable expertWeights(Variable gate) {
        int[] g = gate.shape();
        return F.reshape(gate, g[0], g[1], EXPERTS, 1);
    }

    /** The gate's weights for every token of the chunk: {@code [B, T, 3]}, or {@code [B, 1, 3]} shared by all. */
    private Variable gate(Gate which, Variable xd, TokenContext context) {
        Spans spans = context.spans();
        int t = xd.shape()[1], first = context.positions()[0];
        int spanStart = which.start(spans), spanEnd = which.end(spans);
        // The span's rows within this chunk.
        int from = Math.clamp(spanStart - first, 0, t), to = Math.clamp(spanEnd - first, 0, t);
        if (mode == GateMode.POOLED) return pooledGate(which, xd, context, spanStart, spanEnd, from, to);
        if (from >= to) return uniform(xd);
        int b = xd.shape()[0];
        List<Variable> logits = new ArrayList<>();
        if (from > 0) logits.add(zeros(xd, b, from));
        logits.add(gateLogits(which, F.slice(xd, 1, from, to)));
        if (to < t) logits.add(zeros(xd, b, t - to));
        return F.softmax(logits.size() == 1 ? logits.getFirst() : F.concat(logits, 1));
    }

    /**
     * {@link GateMode#POOLED}: one gate from the mean hidden state of the span, computed in the chunk where the span
     * begins (the whole prompt, in prefill) and kept in the sequence's memory for the chunks that follow.
     */
    private Variable pooledGate(Gate which, Variable xd, TokenContext context, int spanStart, int spanEnd, int from, int to) {
        if (spanStart >= spanEnd) return uniform(xd);
        PooledKey key = new PooledKey(this, which);
        if (context.positions()[0] <= spanStart) {
            if (from >= to) return uniform(xd); // the span lies beyond this sequence's tokens
            Variable gate = F.softmax(gateLogits(which, F.mean(F.slice(xd, 1, from, to), 1, true)));
            context.memory().put(key, gate);
            return gate;
        }
        if (context.memory().get(key) instanceof Variable gate) return gate;
        throw new IllegalStateException(name + ": the pooled gate of span [" + spanStart + ", " + spanEnd
                + ") is unknown at position " + context.positions()[0] + "; run the chunk that holds the span's start first");
    }

    /** {@code W_2 gelu(W_1 x)}: {@code [B, n, in]} -> {@code [B, n, 3]}. */
    private Variable gateLogits(Gate which, Variable x) {
        Variable dense1 = which == Gate.ANALYZE ? analyzeDense1 : composeDense1;
        Variable dense2 = which == Gate.ANALYZE ? analyzeDense2 : composeDense2;
        return F.linear(F.gelu(F.linear(x, dense1, null)), dense2, null);
    }

    private static Variable uniform(Variable like) {
        double third = 1.0 / EXPERTS;
        return Variable.constant(like.backend().fromDoubles(new double[] {third, third, third}, 1, 1, EXPERTS));
    }

    private static Variable zeros(Variable like, int b, int rows) {
        return Variable.constant(like.backend().zeros(b, rows, EXPERTS));
    }

    public GateMode gateMode() {
        return mode;
    }

    @Override public String name() { return name; }
    @Override public Linear base() { return base; }

    @Override
    public Map<String, Variable> adapterParameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        for (int i = 0; i < EXPERTS; i++) p.put(expertName(Gate.ANALYZE, i) + ".weight", analyze.get(i));
        for (int j = 0; j < EXPERTS; j++) p.put(expertName(Gate.COMPOSE, j) + ".weight", compose.get(j));
        p.put("lora_A_gate_dense1.weight", analyzeDense1);
        p.put("lora_A_gate_dense2.weight", analyzeDense2);
        p.put("lora_B_gate_dense1.weight", composeDense1);
        p.put("lora_B_gate_dense2.weight", composeDense2);
        return p;
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>(base.parameters());
        p.putAll(adapterParameters());
        return p;
    }
}
