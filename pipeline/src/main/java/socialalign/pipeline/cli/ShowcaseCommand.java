package socialalign.pipeline.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import socialalign.autograd.F;
import socialalign.autograd.GradMode;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.DecoderBlock;
import socialalign.autograd.nn.Embedding;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Modules;
import socialalign.autograd.nn.RmsNorm;
import socialalign.autograd.optim.AdamW;
import socialalign.autograd.optim.GradClip;
import socialalign.autograd.optim.LrSchedule;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.reference.ReferenceBackend;

/**
 * The engine at a glance: a tiny Qwen2-shaped language model, its gradients checked against finite
 * differences, the fast CPU backend checked against the double-precision reference, and a short training run.
 */
@Command(name = "showcase", mixinStandardHelpOptions = true,
        description = "Forward, backward, gradient check and a short training run of a tiny transformer.")
public final class ShowcaseCommand implements Callable<Integer> {
    @Option(names = "--steps", description = "Training steps (default ${DEFAULT-VALUE}).")
    int steps = 40;

    @Option(names = "--seed", description = "Seed of the weights and of the checked elements (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", description = "CPU worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    private static final int VOCAB = 48, HIDDEN = 32, LAYERS = 2, HEADS = 4, KV_HEADS = 2, INTERMEDIATE = 64;

    /** Embedding, decoder blocks, final norm and an untied head, as Qwen2ForCausalLM. */
    record TinyLm(Embedding embed, List<DecoderBlock> layers, RmsNorm norm, Linear lmHead) {
        static TinyLm init(Backend backend, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            List<DecoderBlock> layers = new ArrayList<>();
            Embedding embed = Embedding.init(backend, r, VOCAB, HIDDEN);
            for (int i = 0; i < LAYERS; i++) layers.add(DecoderBlock.init(backend, r, HIDDEN, INTERMEDIATE, HEADS, KV_HEADS, 10000, 1e-6));
            return new TinyLm(embed, layers, RmsNorm.init(backend, HIDDEN, 1e-6), Linear.init(backend, r, HIDDEN, VOCAB, false));
        }

        Map<String, Variable> parameters() {
            Map<String, Variable> p = new LinkedHashMap<>();
            Modules.put(p, "model.embed_tokens", embed);
            for (int i = 0; i < layers.size(); i++) Modules.put(p, "model.layers." + i, layers.get(i));
            Modules.put(p, "model.norm", norm);
            Modules.put(p, "lm_head", lmHead);
            return p;
        }

        /** {@code ids [T]} -> logits {@code [T, vocab]}. */
        Variable forward(int[] ids) {
            int[] positions = new int[ids.length];
            for (int i = 0; i < ids.length; i++) positions[i] = i;
            Variable h = F.reshape(embed.forward(ids), 1, ids.length, HIDDEN);
            for (DecoderBlock layer : layers) h = layer.forward(h, positions);
            return F.reshape(lmHead.forward(norm.forward(h)), ids.length, VOCAB);
        }

        /** The same weights on another backend. */
        TinyLm to(Backend backend) {
            TinyLm copy = init(backend, 0);
            Map<String, Variable> mine = parameters();
            copy.parameters().forEach((name, p) -> p.setValue(mine.get(name).value().to(backend)));
            return copy;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CpuBackend cpu = new CpuBackend(threads)) {
            TinyLm model = TinyLm.init(cpu, seed);
            long count = model.parameters().values().stream().mapToLong(p -> p.value().numel()).sum();
            out.printf("Tiny Qwen2-shaped model: vocab %d, hidden %d, %d layers, %d heads (%d KV heads), MLP %d; %,d parameters on %s%n",
                    VOCAB, HIDDEN, LAYERS, HEADS, KV_HEADS, INTERMEDIATE, count, cpu.name());
            // A sequence that repeats with period 7; targets are the next ids, the first two ignored (-100).
            int[] ids = new int[24], targets = new int[24];
            for (int i = 0; i < ids.length; i++) ids[i] = (i % 7) * 5 + 3;
            for (int i = 0; i < ids.length; i++) targets[i] = i < 2 ? F.IGNORE_INDEX : ids[(i + 1) % ids.length];

            gradientCheck(out, model.to(ReferenceBackend.INSTANCE), ids, targets);
            backendParity(out, model, ids, targets);
            train(out, model, ids, targets);
        }
        return 0;
    }

    /** Central differences in double precision against backprop, on 40 random parameter elements. */
    private void gradientCheck(PrintWriter out, TinyLm model, int[] ids, int[] targets) {
        Map<String, Variable> params = model.parameters();
        F.crossEntropy(model.forward(ids), targets).backward();
        List<String> names = new ArrayList<>(params.keySet());
        SplittableRandom r = new SplittableRandom(seed + 1);
        double worstAbs = 0, worstRel = 0, h = 1e-5;
        for (int c = 0; c < 40; c++) {
            Variable p = params.get(names.get(r.nextInt(names.size())));
            double[] x = p.value().toDoubles();
            int at = r.nextInt(x.length);
            double analytic = p.grad().toDoubles()[at];
            double numeric = (lossWith(model, p, x, at, h, ids, targets) - lossWith(model, p, x, at, -h, ids, targets)) / (2 * h);
            p.setValue(ReferenceBackend.INSTANCE.fromDoubles(x, p.shape()));
            worstAbs = Math.max(worstAbs, Math.abs(analytic - numeric));
            // Relative error only where the gradient stands clear of the differences' round-off (~1e-11).
            if (Math.abs(numeric) > 1e-4) worstRel = Math.max(worstRel, Math.abs(analytic - numeric) / Math.abs(numeric));
        }
        out.printf("1. Gradient check against central differences (float64 reference backend, 40 random elements):%n"
                + "   max |analytic - numeric| %.1e, max relative error %.1e%n", worstAbs, worstRel);
    }

    private static double lossWith(TinyLm model, Variable p, double[] x, int at, double delta, int[] ids, int[] targets) {
        double[] moved = x.clone();
        moved[at] += delta;
        p.setValue(ReferenceBackend.INSTANCE.fromDoubles(moved, p.shape()));
        try (var off = GradMode.disabled()) {
            return F.crossEntropy(model.forward(ids), targets).value().item();
        }
    }

    /** The Vector API float32 backend against the float64 reference: logits, loss and every gradient. */
    private static void backendParity(PrintWriter out, TinyLm model, int[] ids, int[] targets) {
        TinyLm reference = model.to(ReferenceBackend.INSTANCE);
        Variable fastLogits = model.forward(ids), refLogits = reference.forward(ids);
        Variable fastLoss = F.crossEntropy(fastLogits, targets), refLoss = F.crossEntropy(refLogits, targets);
        fastLoss.backward();
        refLoss.backward();
        double logits = maxAbsDiff(fastLogits.value(), refLogits.value()), grads = 0;
        Map<String, Variable> fast = model.parameters(), ref = reference.parameters();
        for (String name : fast.keySet()) grads = Math.max(grads, maxRelDiff(fast.get(name).grad(), ref.get(name).grad()));
        model.parameters().values().forEach(Variable::zeroGrad);
        out.printf("2. CPU float32 vs reference float64: logits max |diff| %.1e, loss %.7f vs %.7f, gradients max relative diff %.1e%n",
                logits, fastLoss.value().item(), refLoss.value().item(), grads);
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double[] x = a.toDoubles(), y = b.toDoubles();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    /** Largest difference relative to the largest element of the reference gradient. */
    private static double maxRelDiff(Tensor a, Tensor b) {
        double[] y = b.toDoubles();
        double scale = 1e-12;
        for (double v : y) scale = Math.max(scale, Math.abs(v));
        return maxAbsDiff(a, b) / scale;
    }

    private void train(PrintWriter out, TinyLm model, int[] ids, int[] targets) {
        List<Variable> params = new ArrayList<>(model.parameters().values());
        AdamW optimizer = new AdamW(params, 3e-3, 0.01);
        LrSchedule schedule = LrSchedule.warmupCosine(3e-3, LrSchedule.warmupSteps(steps, 0.1), steps);
        out.printf("3. Training to continue the sequence (AdamW, warmup + cosine, clip 1.0):%n");
        double first = 0, last = 0;
        for (int step = 0; step < steps; step++) {
            optimizer.zeroGrad();
            Variable loss = F.crossEntropy(model.forward(ids), targets);
            loss.backward();
            double norm = GradClip.clipGlobalNorm(params, 1.0);
            optimizer.setLearningRate(schedule.lr(step));
            optimizer.step();
            last = loss.value().item();
            if (step == 0) first = last;
            if (step % 10 == 0 || step == steps - 1) {
                out.printf("   step %3d  loss %.4f  grad norm %.3f  lr %.2e%n", step + 1, last, norm, schedule.lr(step));
            }
        }
        out.printf("   loss %.4f -> %.4f%n", first, last);
    }
}
