package socialalign.pipeline.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.models.io.AtomicFile;
import socialalign.models.safetensors.SafetensorsWriter;
import socialalign.models.safetensors.SafetensorsWriter.Named;

/**
 * A tiny Qwen2-architecture model directory ({@code config.json}, {@code model.safetensors}) with seeded random
 * weights, as transformers initialises Qwen2 (normal with std 0.02, zero biases, unit norms): the demo's stand-in
 * for Qwen2.5-7B. It shows the pipeline, not the quality of a real model.
 */
final class TinyQwen2 {
    static final int HIDDEN = 64, INTERMEDIATE = 128, LAYERS = 2, HEADS = 4, KV_HEADS = 2;

    private TinyQwen2() {}

    static void write(Path directory, int vocab, long seed) throws IOException {
        int kv = KV_HEADS * (HIDDEN / HEADS);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of("Qwen2ForCausalLM"));
        config.put("model_type", "qwen2");
        config.put("hidden_act", "silu");
        config.put("vocab_size", vocab);
        config.put("hidden_size", HIDDEN);
        config.put("intermediate_size", INTERMEDIATE);
        config.put("num_hidden_layers", LAYERS);
        config.put("num_attention_heads", HEADS);
        config.put("num_key_value_heads", KV_HEADS);
        config.put("max_position_embeddings", 32768);
        config.put("rms_norm_eps", 1e-6);
        config.put("rope_theta", 10000.0);
        config.put("tie_word_embeddings", true);
        config.put("torch_dtype", "float32");
        AtomicFile.writeString(directory.resolve("config.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));
        SplittableRandom random = new SplittableRandom(seed);
        List<Named> tensors = new ArrayList<>();
        tensors.add(normal(random, "model.embed_tokens.weight", vocab, HIDDEN));
        for (int i = 0; i < LAYERS; i++) {
            String p = "model.layers." + i + ".";
            tensors.add(ones(p + "input_layernorm.weight", HIDDEN));
            tensors.add(normal(random, p + "self_attn.q_proj.weight", HIDDEN, HIDDEN));
            tensors.add(new Named(p + "self_attn.q_proj.bias", new int[] {HIDDEN}, new float[HIDDEN]));
            tensors.add(normal(random, p + "self_attn.k_proj.weight", kv, HIDDEN));
            tensors.add(new Named(p + "self_attn.k_proj.bias", new int[] {kv}, new float[kv]));
            tensors.add(normal(random, p + "self_attn.v_proj.weight", kv, HIDDEN));
            tensors.add(new Named(p + "self_attn.v_proj.bias", new int[] {kv}, new float[kv]));
            tensors.add(normal(random, p + "self_attn.o_proj.weight", HIDDEN, HIDDEN));
            tensors.add(ones(p + "post_attention_layernorm.weight", HIDDEN));
            tensors.add(normal(random, p + "mlp.gate_proj.weight", INTERMEDIATE, HIDDEN));
            tensors.add(normal(random, p + "mlp.up_proj.weight", INTERMEDIATE, HIDDEN));
            tensors.add(normal(random, p + "mlp.down_proj.weight", HIDDEN, INTERMEDIATE));
        }
        tensors.add(ones("model.norm.weight", HIDDEN));
        SafetensorsWriter.writeF32(directory.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    }

    private static Named normal(SplittableRandom random, String name, int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * gaussian(random));
        return new Named(name, new int[] {rows, cols}, w);
    }

    private static Named ones(String name, int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return new Named(name, new int[] {n}, w);
    }

    /** A standard normal draw (Box-Muller), so the weights depend only on the seed. */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
