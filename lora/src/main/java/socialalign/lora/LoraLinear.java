package socialalign.lora;

import java.util.LinkedHashMap;
import java.util.Map;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.TokenContext;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * Plain LoRA, the Pieces baseline (spec C6): {@code y = W0 x + b + (alpha/r) B A dropout(x)}, A {@code [r, in]}
 * kaiming-uniform, B {@code [out, r]} zeros. {@link #merge} folds the update into W0 for inference.
 */
public final class LoraLinear implements AdapterModule {
    private final String name;
    private final Linear base;
    private final Variable loraA, loraB;
    private final double scaling, dropout;
    private Tensor unmerged; // W0 while merged, else null

    LoraLinear(String name, Linear base, Variable loraA, Variable loraB, double scaling, double dropout) {
        this.name = name;
        this.base = base;
        this.loraA = loraA;
        this.loraB = loraB;
        this.scaling = scaling;
        this.dropout = dropout;
    }

    /**
     * The adapter of module {@code name} with its tensors from {@code source}; fresh, as PEFT initialises them:
     * A kaiming-uniform(a = sqrt 5), B zeros, so the adapted model starts as the base.
     */
    static LoraLinear create(String name, Linear base, LoraConfig config, TensorSource source) {
        int in = base.inFeatures(), out = base.outFeatures(), r = config.r();
        String prefix = LoraModel.keyPrefix(name);
        return new LoraLinear(name, base,
                Variable.leaf("lora_A", source.get(prefix + "lora_A.weight", new int[] {r, in}, TensorSource.Initial.KAIMING_UNIFORM)),
                Variable.leaf("lora_B", source.get(prefix + "lora_B.weight", new int[] {out, r}, TensorSource.Initial.ZEROS)),
                config.scaling(), config.dropout());
    }

    @Override
    public Variable forward(Variable x, TokenContext context) {
        Variable y = base.forward(x);
        if (unmerged != null) return y;
        Variable update = F.linear(F.linear(Dropout.apply(x, dropout, context.dropout()), loraA, null), loraB, null);
        return F.add(y, F.scale(update, scaling));
    }

    /** The update as a weight, {@code (alpha/r) B A} {@code [out, in]}. */
    public Tensor deltaWeight() {
        Backend backend = loraA.backend();
        return backend.scale(backend.matmul(loraB.value(), loraA.value(), null), scaling);
    }

    /** Folds the update into the base weight, {@code W0 + (alpha/r) B A}; forwards then skip the adapter. */
    public void merge() {
        if (unmerged != null) throw new IllegalStateException(name + ": already merged");
        unmerged = base.weight.value();
        base.weight.setValue(base.weight.backend().add(unmerged, deltaWeight()));
    }

    /** Restores the base weight exactly as it was before {@link #merge}. */
    public void unmerge() {
        if (unmerged == null) throw new IllegalStateException(name + ": not merged");
        base.weight.setValue(unmerged);
        unmerged = null;
    }

    public boolean merged() {
        return unmerged != null;
    }

    @Override public String name() { return name; }
    @Override public Linear base() { return base; }

    @Override
    public Map<String, Variable> adapterParameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        p.put("lora_A.weight", loraA);
        p.put("lora_B.weight", loraB);
        return p;
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>(base.parameters());
        p.putAll(adapterParameters());
        return p;
    }
}
