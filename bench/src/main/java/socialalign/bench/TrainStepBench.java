package socialalign.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Spans;
import socialalign.autograd.optim.AdamW;
import socialalign.engine.Backend;
import socialalign.engine.cpu.CpuBackend;
import socialalign.lora.LoraConfig;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.Qwen2Config;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/**
 * Our side of {@code bench/train/compare-train-step.sh}, the twin of {@code bench/train/torch_step.py}: one SFT
 * training step as {@code socialalign.pipeline.train.Trainer} takes it (forward, backward, AdamW on the adapter,
 * base frozen) on the small Qwen2 of issue 4 with random weights.
 * <pre>
 *   TrainStepBench lora|pac THREADS [STEPS=20] [WARMUP=5]
 * </pre>
 * The model: hidden 256, 4 layers, 8 heads / 2 KV heads, intermediate 688, vocab 8192, tied embeddings; one sequence
 * of {@link #LENGTH} tokens, PAC spans user [0, 40) and news [40, 120), the loss on the last {@link #LOSS_TOKENS}
 * targets. The adapter is on all seven projections: plain LoRA or PAC-LoRA with token gates, r 8, alpha 16, dropout
 * 0.1 (on, as in training). WARMUP steps let the JIT compile; each of the next STEPS is timed on its own. Prints one
 * line of key=value: the median, mean and fastest step in milliseconds and the last loss.
 */
public final class TrainStepBench {
    static final int LENGTH = 256, LOSS_TOKENS = 100, USER_END = 40, NEWS_END = 120;
    /** Trainer's defaults for PAC-LoRA (spec C5); the rate does not change the work. */
    static final double LEARNING_RATE = 2e-5, WEIGHT_DECAY = 0.01;

    private TrainStepBench() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("lora") || args[0].equals("pac"))) {
            System.err.println("usage: TrainStepBench lora|pac THREADS [STEPS=20] [WARMUP=5]");
            System.exit(2);
        }
        boolean pac = args[0].equals("pac");
        int threads = Integer.parseInt(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        try (CpuBackend backend = new CpuBackend(threads)) {
            Qwen2Config config = new Qwen2Config(8192, 256, 688, 4, 8, 2, 1e-6, 10000.0, true, 2048);
            Qwen2ForCausalLM base = Qwen2ForCausalLM.build(config, randomWeights(backend, new SplittableRandom(1)), false);
            LoraModel model = LoraModel.create(base, pac ? LoraConfig.pacDefaults() : LoraConfig.loraDefaults(), 2);
            int[] ids = new int[LENGTH], targets = new int[LENGTH];
            for (int i = 0; i < LENGTH; i++) ids[i] = (1 + 7919 * i) % config.vocabSize();
            for (int i = 0; i < LENGTH; i++) targets[i] = i >= LENGTH - 1 - LOSS_TOKENS && i < LENGTH - 1 ? ids[i + 1] : F.IGNORE_INDEX;
            Spans spans = new Spans(USER_END, NEWS_END);

            List<Variable> params = List.copyOf(model.adapterParameters().values());
            AdamW optimizer = new AdamW(params, LEARNING_RATE, WEIGHT_DECAY);
            double[] millis = new double[steps];
            double loss = Double.NaN;
            for (int step = 0; step < warmup + steps; step++) {
                long start = System.nanoTime();
                Variable l = model.model().loss(ids, targets, spans, new SplittableRandom(step));
                l.backward();
                optimizer.step();
                optimizer.zeroGrad();
                loss = l.value().item();
                if (step >= warmup) millis[step - warmup] = (System.nanoTime() - start) / 1e6;
            }
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            double median = steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2;
            System.out.printf(Locale.ROOT, "adapter=%s threads=%d steps=%d median_ms=%.2f mean_ms=%.2f min_ms=%.2f "
                            + "adapter_params=%d loss=%.6f%n", args[0], threads, steps, median,
                    Arrays.stream(millis).average().orElse(Double.NaN), sorted[0], model.parameterCount(), loss);
        }
    }

    /** Weights ~ N(0, 1/fan_in), biases ~ N(0, 0.02^2), norm weights 1: a well-conditioned random model. */
    private static Qwen2ForCausalLM.ParameterSource randomWeights(Backend backend, SplittableRandom random) {
        return (name, shape) -> {
            float[] v = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            if (name.endsWith("norm.weight")) {
                Arrays.fill(v, 1f);
            } else {
                double sd = shape.length == 1 ? 0.02 : 1 / Math.sqrt(shape[1]);
                for (int i = 0; i < v.length; i++) v[i] = (float) (sd * random.nextGaussian());
            }
            return backend.fromFloats(v, shape);
        };
    }
}
