package socialalign.lora;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Init;
import socialalign.autograd.nn.Linear;
import socialalign.engine.Backend;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/**
 * A Qwen2 model with a LoRA or PAC-LoRA adapter on its target projections. The base weights are shared with the
 * model it was made from (freeze them by loading that model with {@code trainable = false}); the adapter's tensors
 * are float32 leaves, named by their PEFT keys ({@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}).
 */
public final class LoraModel {
    private static final String PEFT_PREFIX = "base_model.model.";

    private final Qwen2ForCausalLM model;
    private final LoraConfig config;
    private final Map<String, AdapterModule> modules;

    private LoraModel(Qwen2ForCausalLM model, LoraConfig config, Map<String, AdapterModule> modules) {
        this.model = model;
        this.config = config;
        this.modules = Collections.unmodifiableMap(modules);
    }

    /** A fresh adapter on {@code base}, initialised from {@code seed} (spec C4), so the model starts as the base. */
    public static LoraModel create(Qwen2ForCausalLM base, LoraConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Backend backend = base.backend();
        return attach(base, config, (key, shape, initial) -> switch (initial) {
            case ZEROS -> backend.zeros(shape);
            case KAIMING_UNIFORM -> Init.kaimingUniform(backend, random, shape[1], shape);
        });
    }

    /** The adapter saved in {@code directory} (PEFT layout) on {@code base}. */
    public static LoraModel load(Qwen2ForCausalLM base, Path directory) {
        return AdapterFiles.load(base, directory, null);
    }

    /** The adapter saved in {@code directory} on {@code base}, with its gates computed as {@code gateMode}. */
    public static LoraModel load(Qwen2ForCausalLM base, Path directory, GateMode gateMode) {
        return AdapterFiles.load(base, directory, gateMode);
    }

    /** Wraps every target projection of {@code base}, its tensors from {@code source}, in layer order. */
    static LoraModel attach(Qwen2ForCausalLM base, LoraConfig config, TensorSource source) {
        Map<String, AdapterModule> modules = new LinkedHashMap<>();
        Qwen2ForCausalLM adapted = base.mapProjections((name, projection) -> {
            if (!config.targets(name)) return projection;
            if (!(projection instanceof Linear linear)) {
                throw new IllegalArgumentException(name + ": already adapted; attach adapters to a plain model");
            }
            AdapterModule module = config.pac()
                    ? PacLoraLinear.create(name, linear, config, source)
                    : LoraLinear.create(name, linear, config, source);
            modules.put(name, module);
            return module;
        });
        return new LoraModel(adapted, config, modules);
    }

    /** Writes {@code adapter_config.json} and {@code adapter_model.safetensors} to {@code directory}. */
    public void save(Path directory, String baseModelNameOrPath) {
        AdapterFiles.save(this, directory, baseModelNameOrPath);
    }

    /** The PEFT key prefix of a module's tensors. */
    static String keyPrefix(String moduleName) {
        return PEFT_PREFIX + moduleName + ".";
    }

    /** The adapted model: train and run it as any Qwen2 model. */
    public Qwen2ForCausalLM model() {
        return model;
    }

    public LoraConfig config() {
        return config;
    }

    /** The wrapped projections by Hugging Face module name, in layer order. */
    public Map<String, AdapterModule> modules() {
        return modules;
    }

    /** Every adapter tensor by PEFT key, in file order: what the optimizer trains and the adapter file holds. */
    public Map<String, Variable> adapterParameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        modules.forEach((name, m) -> m.adapterParameters().forEach((key, v) -> p.put(keyPrefix(name) + key, v)));
        return p;
    }

    /** Plain LoRA only: folds every update into its base weight (spec C10: a PAC update depends on the input). */
    public void merge() {
        for (LoraLinear m : plainModules("merge")) m.merge();
    }

    /** Undoes {@link #merge}, restoring the base weights exactly. */
    public void unmerge() {
        for (LoraLinear m : plainModules("unmerge")) m.unmerge();
    }

    private Iterable<LoraLinear> plainModules(String what) {
        if (config.pac()) {
            throw new IllegalStateException("cannot " + what + " PAC-LoRA: its gates depend on the input, so "
                    + "no single weight equals it (the reference's merge keeps expert 0 only, spec C10)");
        }
        return modules.values().stream().map(LoraLinear.class::cast).toList();
    }

    /** The number of adapter parameters (elements). */
    public long parameterCount() {
        return adapterParameters().values().stream().mapToLong(v -> v.value().numel()).sum();
    }
}
