package socialalign.lora;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import socialalign.autograd.Variable;
import socialalign.models.io.AtomicFile;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.safetensors.SafetensorsFile;
import socialalign.models.safetensors.SafetensorsWriter;
import socialalign.models.safetensors.TensorEntry;

/**
 * The PEFT adapter directory (spec C4): {@code adapter_config.json} as PEFT's {@code LoraConfig.save_pretrained}
 * writes it, and {@code adapter_model.safetensors} with keys as PEFT and the reference write them. A PAC adapter is
 * recognised by its keys ({@code lora_A1}); the gate mode is an extra field, {@code pac_gate_mode}, which PEFT
 * ignores. Tensors may be F32, F16 or BF16 (the reference saves BF16); ours are written as F32.
 */
public final class AdapterFiles {
    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** Our extra config field: the {@link GateMode} of a PAC adapter (absent: the reference's {@code token}). */
    public static final String GATE_MODE_FIELD = "pac_gate_mode";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AdapterFiles() {}

    /**
     * Loads the adapter in {@code directory} onto {@code base}; any missing, extra or misshapen tensor is a one-line
     * error. A non-null {@code gateMode} replaces the file's (to run an ablation on a trained PAC adapter).
     */
    public static LoraModel load(Qwen2ForCausalLM base, Path directory, GateMode gateMode) {
        Path configFile = directory.resolve(CONFIG_FILE), weightsFile = directory.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(configFile)) throw new AdapterFormatException(configFile, "no such file");
        if (!Files.isRegularFile(weightsFile)) throw new AdapterFormatException(weightsFile, "no such file");
        try (SafetensorsFile weights = SafetensorsFile.open(weightsFile)) {
            Set<String> keys = weights.entries().keySet();
            boolean pac = keys.stream().anyMatch(k -> k.endsWith(".lora_A1.weight"));
            LoraConfig read = readConfig(configFile, pac);
            LoraConfig config = gateMode == null ? read
                    : new LoraConfig(read.r(), read.alpha(), read.dropout(), read.targetModules(), pac, gateMode);
            Set<String> used = new HashSet<>();
            LoraModel model = LoraModel.attach(base, config, (key, shape, initial) -> {
                if (!keys.contains(key)) throw new AdapterFormatException(weightsFile, "tensor " + key + " is missing");
                TensorEntry entry = weights.entry(key);
                if (!Arrays.equals(entry.shape(), shape)) {
                    throw new AdapterFormatException(weightsFile, "tensor " + key + ": shape " + Arrays.toString(entry.shape())
                            + ", but the model and r = " + config.r() + " need " + Arrays.toString(shape));
                }
                used.add(key);
                return base.backend().fromFloats(weights.readFloats(key), shape);
            });
            Set<String> extra = new TreeSet<>(keys);
            extra.removeAll(used);
            if (!extra.isEmpty()) {
                throw new AdapterFormatException(weightsFile, "tensor " + extra.iterator().next() + " is not a "
                        + (pac ? "PAC-LoRA" : "LoRA") + " parameter of this model (target_modules " + config.targetModules()
                        + ", " + base.config().numHiddenLayers() + " layers)" + (extra.size() > 1 ? ", and " + (extra.size() - 1) + " more" : ""));
            }
            return model;
        }
    }

    /** Writes the adapter's tensors (F32) and config, each file atomically. */
    static void save(LoraModel model, Path directory, String baseModelNameOrPath) {
        try {
            Files.createDirectories(directory);
            List<SafetensorsWriter.Named> tensors = new ArrayList<>();
            model.adapterParameters().forEach((key, v) -> tensors.add(new SafetensorsWriter.Named(key, v.shape(), v.value().toFloats())));
            SafetensorsWriter.writeF32(directory.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
            byte[] json = configJson(model.config(), baseModelNameOrPath);
            AtomicFile.writeBytes(directory.resolve(CONFIG_FILE), out -> out.write(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the adapter to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The fields of PEFT 0.12's LoraConfig, with our gate mode for PAC adapters. */
    static byte[] configJson(LoraConfig config, String baseModelNameOrPath) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.putObject("alpha_pattern");
        json.putNull("auto_mapping");
        json.put("base_model_name_or_path", baseModelNameOrPath);
        json.put("bias", "none");
        json.put("fan_in_fan_out", false);
        json.put("inference_mode", true);
        json.put("init_lora_weights", true);
        json.putNull("layer_replication");
        json.putNull("layers_pattern");
        json.putNull("layers_to_transform");
        json.putObject("loftq_config");
        json.put("lora_alpha", config.alpha());
        json.put("lora_dropout", config.dropout());
        json.putNull("modules_to_save");
        json.put("peft_type", "LORA");
        json.put("r", config.r());
        json.putObject("rank_pattern");
        json.putNull("revision");
        var targets = json.putArray("target_modules");
        config.targetModules().forEach(targets::add);
        json.put("task_type", "CAUSAL_LM");
        json.put("use_dora", false);
        json.put("use_rslora", false);
        if (config.pac()) json.put(GATE_MODE_FIELD, config.gateMode().wireName());
        return JSON.writeValueAsBytes(json);
    }

    static LoraConfig readConfig(Path file, boolean pac) {
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new AdapterFormatException(file, "not valid JSON: " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "), e);
        } catch (IOException e) {
            throw new AdapterFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) throw new AdapterFormatException(file, "expected a JSON object");
        expect(file, json, "peft_type", "LORA");
        refuseTrue(file, json, "use_dora");
        refuseTrue(file, json, "use_rslora");
        refuseTrue(file, json, "fan_in_fan_out");
        if (json.hasNonNull("bias") && !json.get("bias").asText().equals("none")) {
            throw new AdapterFormatException(file, "field bias: \"" + json.get("bias").asText() + "\" is not supported (only none)");
        }
        for (String field : List.of("layers_to_transform", "rank_pattern", "alpha_pattern", "modules_to_save")) {
            JsonNode v = json.get(field);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                throw new AdapterFormatException(file, "field " + field + ": not supported (must be empty)");
            }
        }
        JsonNode targets = json.get("target_modules");
        if (targets == null || !targets.isArray()) {
            throw new AdapterFormatException(file, "field target_modules: expected a list of module names");
        }
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.asText()));
        try {
            GateMode mode = json.hasNonNull(GATE_MODE_FIELD) ? GateMode.parse(json.get(GATE_MODE_FIELD).asText()) : GateMode.TOKEN;
            return new LoraConfig(number(file, json, "r").intValue(), number(file, json, "lora_alpha").doubleValue(),
                    json.hasNonNull("lora_dropout") ? number(file, json, "lora_dropout").doubleValue() : 0,
                    names, pac, mode);
        } catch (IllegalArgumentException e) {
            throw new AdapterFormatException(file, e.getMessage(), e);
        }
    }

    private static Number number(Path file, JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isNumber()) throw new AdapterFormatException(file, "field " + field + ": expected a number");
        return v.numberValue();
    }

    private static void expect(Path file, JsonNode json, String field, String value) {
        JsonNode v = json.get(field);
        if (v == null || !v.asText().equals(value)) {
            throw new AdapterFormatException(file, "field " + field + ": expected \"" + value + "\", got " + v);
        }
    }

    private static void refuseTrue(Path file, JsonNode json, String field) {
        if (json.path(field).asBoolean(false)) throw new AdapterFormatException(file, "field " + field + ": true is not supported");
    }
}
