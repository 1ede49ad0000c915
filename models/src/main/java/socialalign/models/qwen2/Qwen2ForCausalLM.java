package socialalign.models.qwen2;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socialalign.autograd.F;
import socialalign.autograd.GradMode;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.DecoderBlock;
import socialalign.autograd.nn.Embedding;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Module;
import socialalign.autograd.nn.Modules;
import socialalign.autograd.nn.RmsNorm;
import socialalign.autograd.nn.Projection;
import socialalign.autograd.nn.SelfAttention;
import socialalign.autograd.nn.Spans;
import socialalign.autograd.nn.TokenContext;
import socialalign.autograd.nn.SwiGlu;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.safetensors.Checkpoint;
import socialalign.models.safetensors.WeightPlacement;

/**
 * Qwen2 as transformers' {@code Qwen2ForCausalLM}: token embedding, {@code num_hidden_layers} pre-norm decoder
 * blocks, a final RMSNorm and the language-model head ({@code lm_head.weight}, or the embedding itself when
 * {@code tie_word_embeddings}). Parameters carry Hugging Face's names ({@code model.layers.0.self_attn.q_proj.weight}).
 *
 * <p>Two ways to run it. Training ({@link #logits}, {@link #loss}) goes through autograd: every parameter is a leaf
 * that collects its gradient. Inference ({@link #infer}) records no graph and keeps each layer's keys and values
 * in a {@link KvCache}: a prompt is prefilled in one batched pass, then tokens follow one at a time.
 */
public final class Qwen2ForCausalLM implements Module {

    /** The tensor called {@code name} (Hugging Face's name) of the given shape. */
    @FunctionalInterface
    public interface ParameterSource {
        Tensor get(String name, int... shape);
    }

    private final Qwen2Config config;
    private final Embedding embedTokens;
    private final List<DecoderBlock> layers;
    private final RmsNorm norm;
    private final Linear lmHead; // null when tied to the embedding

    private Qwen2ForCausalLM(Qwen2Config config, Embedding embedTokens, List<DecoderBlock> layers, RmsNorm norm, Linear lmHead) {
        this.config = config;
        this.embedTokens = embedTokens;
        this.layers = List.copyOf(layers);
        this.norm = norm;
        this.lmHead = lmHead;
    }

    /** Loads a Hugging Face model directory ({@code config.json} and safetensors weights) onto {@code backend}. */
    public static Qwen2ForCausalLM load(Path directory, Backend backend) {
        return load(directory, backend, true);
    }

    /**
     * Loads a model directory; with {@code trainable} false every weight is a frozen constant (no gradient is
     * computed for it), the base of adapter training.
     */
    public static Qwen2ForCausalLM load(Path directory, Backend backend, boolean trainable) {
        return load(directory, WeightPlacement.widenedTo(backend), trainable);
    }

    /**
     * Loads a model directory for inference or adapter training: frozen weights; on the CPU the matrices stay off the
     * Java heap as stored (BF16 stays BF16: half the memory traffic of decoding) on transparent huge pages, on another
     * backend they become its float32 tensors.
     */
    public static Qwen2ForCausalLM loadFrozen(Path directory, Backend backend) {
        WeightPlacement placement = backend instanceof CpuBackend cpu ? WeightPlacement.offHeap(cpu, false) : WeightPlacement.widenedTo(backend);
        return load(directory, placement, false);
    }

    /**
     * Loads a model directory with its weights where {@code placement} puts them (e.g. off the heap, BF16 kept).
     * Every placement's tensors outlive the checkpoint, which is closed on return.
     */
    public static Qwen2ForCausalLM load(Path directory, WeightPlacement placement, boolean trainable) {
        Qwen2Config config = Qwen2Config.load(directory);
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            return build(config, (name, shape) -> checkpoint.load(name, shape, placement), trainable);
        }
    }

    /** Assembles the model from {@code source}, which is asked for every parameter by name and shape. */
    public static Qwen2ForCausalLM build(Qwen2Config c, ParameterSource source) {
        return build(c, source, true);
    }

    /** {@link #build(Qwen2Config, ParameterSource)}, the weights trainable leaves or frozen constants. */
    public static Qwen2ForCausalLM build(Qwen2Config c, ParameterSource source, boolean trainable) {
        int hidden = c.hiddenSize(), inter = c.intermediateSize(), kv = c.numKeyValueHeads() * c.headDim();
        var leaf = new Object() {
            Variable of(String name, int... shape) {
                Tensor value = source.get(name, shape);
                return trainable ? Variable.leaf(name, value) : Variable.constant(value);
            }

            Linear linear(String name, int out, int in, boolean bias) {
                return new Linear(of(name + ".weight", out, in), bias ? of(name + ".bias", out) : null);
            }

            RmsNorm norm(String name) {
                return new RmsNorm(of(name + ".weight", hidden), c.rmsNormEps());
            }
        };
        Embedding embed = new Embedding(leaf.of("model.embed_tokens.weight", c.vocabSize(), hidden));
        List<DecoderBlock> layers = new ArrayList<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            SelfAttention attention = new SelfAttention(
                    leaf.linear(p + "self_attn.q_proj", hidden, hidden, true),
                    leaf.linear(p + "self_attn.k_proj", kv, hidden, true),
                    leaf.linear(p + "self_attn.v_proj", kv, hidden, true),
                    leaf.linear(p + "self_attn.o_proj", hidden, hidden, false),
                    c.numAttentionHeads(), c.numKeyValueHeads(), c.ropeTheta());
            SwiGlu mlp = new SwiGlu(
                    leaf.linear(p + "mlp.gate_proj", inter, hidden, false),
                    leaf.linear(p + "mlp.up_proj", inter, hidden, false),
                    leaf.linear(p + "mlp.down_proj", hidden, inter, false));
            layers.add(new DecoderBlock(leaf.norm(p + "input_layernorm"), attention, leaf.norm(p + "post_attention_layernorm"), mlp));
        }
        RmsNorm norm = leaf.norm("model.norm");
        Linear lmHead = c.tieWordEmbeddings() ? null : leaf.linear("lm_head", c.vocabSize(), hidden, false);
        return new Qwen2ForCausalLM(c, embed, layers, norm, lmHead);
    }

    /**
     * This model, its weights shared, with each of the seven projections of every layer replaced by
     * {@code wrap(name, projection)}; names are Hugging Face's module names ({@code model.layers.3.mlp.up_proj}).
     * This is how adapters attach: their parameters then appear in {@link #parameters()} under that module name.
     */
    public Qwen2ForCausalLM mapProjections(BiFunction<String, Projection, Projection> wrap) {
        List<DecoderBlock> wrapped = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = "model.layers." + i + ".";
            wrapped.add(layers.get(i).mapProjections((name, p) -> wrap.apply(prefix + name, p)));
        }
        return new Qwen2ForCausalLM(config, embedTokens, wrapped, norm, lmHead);
    }

    public Qwen2Config config() {
        return config;
    }

    public Backend backend() {
        return embedTokens.weight.backend();
    }

    /** Every trainable parameter once, by Hugging Face name; a tied head is the embedding and is not repeated. */
    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        Modules.put(p, "model.embed_tokens", embedTokens);
        for (int i = 0; i < layers.size(); i++) Modules.put(p, "model.layers." + i, layers.get(i));
        Modules.put(p, "model.norm", norm);
        if (lmHead != null) Modules.put(p, "lm_head", lmHead);
        return p;
    }

    // ---- training: through autograd ------------------------------------------------------------------

    /** The logits {@code [T, vocab]} of every position of {@code ids}, recorded for backward. */
    public Variable logits(int[] ids) {
        return logits(ids, Spans.NONE, null);
    }

    /**
     * The logits {@code [T, vocab]} of every position of the sequence {@code ids}, whose prompt spans are
     * {@code spans}, with adapter dropout drawn from {@code dropout} (null: none), recorded for backward.
     */
    public Variable logits(int[] ids, Spans spans, SplittableRandom dropout) {
        return F.reshape(head(hidden(ids, spans, dropout)), ids.length, config.vocabSize());
    }

    /** The final normed hidden states {@code [1, T, hidden]} that the head turns into logits. */
    private Variable hidden(int[] ids, Spans spans, SplittableRandom dropout) {
        checkIds("ids", ids, false);
        int t = ids.length;
        TokenContext context = new TokenContext(TokenContext.range(0, t), spans, new HashMap<>(), dropout);
        Variable h = F.reshape(embedTokens.forward(ids), 1, t, config.hiddenSize());
        for (DecoderBlock layer : layers) h = layer.forward(h, context, null);
        return norm.forward(h);
    }

    /**
     * Mean cross-entropy of the logits at each position against {@code targets} (already shifted: the target of
     * position i is the token at i + 1), positions whose target is {@link F#IGNORE_INDEX} left out.
     */
    public Variable loss(int[] ids, int[] targets) {
        return loss(ids, targets, Spans.NONE, null);
    }

    /** {@link #loss(int[], int[])} of a sequence with prompt spans and adapter dropout, as {@link #logits(int[], Spans, SplittableRandom)}. */
    public Variable loss(int[] ids, int[] targets, Spans spans, SplittableRandom dropout) {
        if (targets.length != ids.length) {
            throw new IllegalArgumentException("targets: " + targets.length + " targets for " + ids.length + " ids");
        }
        checkIds("targets", targets, true);
        // Logits only from the first to the last counted target: in fine-tuning the prompt's rows of the
        // vocabulary product, often most of a step's work on a small model, never reach the loss.
        int first = 0, end = targets.length;
        while (first < end && targets[first] == F.IGNORE_INDEX) first++;
        while (end > first && targets[end - 1] == F.IGNORE_INDEX) end--;
        if (first == end) return F.crossEntropy(logits(ids, spans, dropout), targets);
        Variable counted = F.slice(hidden(ids, spans, dropout), 1, first, end);
        return F.crossEntropy(F.reshape(head(counted), end - first, config.vocabSize()), Arrays.copyOfRange(targets, first, end));
    }

    // ---- inference: no graph, KV cache ---------------------------------------------------------------

    /** An empty cache for one sequence without prompt spans. */
    public KvCache newCache() {
        return newCache(Spans.NONE);
    }

    /** An empty cache for one sequence whose prompt spans are {@code spans} (absolute positions). */
    public KvCache newCache(Spans spans) {
        return new KvCache(backend(), layers.size(), config.numKeyValueHeads(), config.headDim(), 256, spans);
    }

    /**
     * Runs {@code ids} after the positions {@code cache} holds, in one batched pass, and appends their keys and
     * values to it. Returns the logits {@code [T, vocab]} of every new position, or with {@code lastOnly} those of
     * the last one {@code [1, vocab]} (all that sampling needs, saving the head's work on a long prompt).
     */
    public Tensor infer(int[] ids, KvCache cache, boolean lastOnly) {
        checkIds("ids", ids, false);
        try (var noGraph = GradMode.disabled()) {
            int t = ids.length;
            TokenContext context = new TokenContext(TokenContext.range(cache.length(), t), cache.spans(), cache.memory(), null);
            Variable h = F.reshape(embedTokens.forward(ids), 1, t, config.hiddenSize());
            for (int i = 0; i < layers.size(); i++) h = layers.get(i).forward(h, context, cache.layer(i));
            cache.advance(t);
            if (lastOnly) h = F.slice(h, 1, t - 1, t);
            int rows = lastOnly ? 1 : t;
            return head(norm.forward(h)).value().reshape(rows, config.vocabSize());
        }
    }

    private Variable head(Variable h) {
        return lmHead != null ? lmHead.forward(h) : F.linear(h, embedTokens.weight, null);
    }

    private void checkIds(String what, int[] ids, boolean allowIgnore) {
        if (!allowIgnore && ids.length == 0) throw new IllegalArgumentException(what + ": no tokens");
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if ((id < 0 || id >= config.vocabSize()) && !(allowIgnore && id == F.IGNORE_INDEX)) {
                throw new IllegalArgumentException(what + "[" + i + "]: " + id + " is outside the vocabulary 0.."
                        + (config.vocabSize() - 1));
            }
        }
    }
}
