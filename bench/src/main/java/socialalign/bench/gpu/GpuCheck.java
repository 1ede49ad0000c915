package socialalign.bench.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Spans;
import socialalign.autograd.optim.AdamW;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.cuda.CudaBackend;
import socialalign.engine.cuda.CudaUnavailableException;
import socialalign.engine.cuda.Precision;
import socialalign.engine.cuda.SelfCheck;
import socialalign.lora.GateMode;
import socialalign.lora.LoraConfig;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2Config;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/**
 * Our side of {@code bench/gpu-check.sh}: {@code GpuCheck ops|qwen2|gemm|speed}. Checks print {@code PASS}/{@code FAIL}
 * lines and exit 1 on a failure; measurements print one {@code key=value} line each for the script's table.
 * <ul>
 *   <li>ops: {@link SelfCheck} (every op and gradient against the reference backend) in FP32, TF32 and BF16;</li>
 *   <li>qwen2: a tiny random Qwen2, logits, loss, every parameter's gradient and cached decoding, GPU against CPU;
 *       then the same with PAC-LoRA (token and pooled gates): logits, loss, every adapter gradient, cached decoding;</li>
 *   <li>gemm: cuBLAS TFLOP/s at 8192^3 per precision (BF16 includes rounding both float32 operands);</li>
 *   <li>speed: a random model of Qwen2.5-0.5B's shape: prefill and decode tokens/s, and a full-parameter
 *       training step (forward, backward, AdamW) at sequence 1024, in TF32;</li>
 *   <li>pac: the same model frozen with PAC-LoRA on all seven projections (r 8, alpha 16, dropout 0.1, token gates,
 *       user [0, 300) and news [300, 700)): a training step of the adapters at sequence 1024, in TF32.</li>
 * </ul>
 */
public final class GpuCheck {
    private GpuCheck() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: GpuCheck ops|qwen2|gemm|speed|pac");
            System.exit(2);
        }
        try {
            boolean ok = switch (args[0]) {
                case "ops" -> ops();
                case "qwen2" -> qwen2();
                case "gemm" -> gemm();
                case "speed" -> speed();
                case "pac" -> pacSpeed(QWEN25_05B, CudaBackend.open(Precision.TF32), 1024);
                default -> throw new IllegalArgumentException("GpuCheck: unknown part '" + args[0] + "'");
            };
            System.exit(ok ? 0 : 1);
        } catch (CudaUnavailableException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    private static boolean ops() {
        boolean ok = true;
        for (Precision p : Precision.values()) {
            CudaBackend gpu = CudaBackend.open(p);
            System.out.println("# " + gpu.name());
            for (SelfCheck.Result r : SelfCheck.run(gpu, 20251128)) {
                System.out.printf("%s ops %-4s %-36s error %.3g (tolerance %.0g)%n", r.passed() ? "PASS" : "FAIL", p, r.op(), r.error(), r.tolerance());
                ok &= r.passed();
            }
        }
        return ok;
    }

    /** Parameters drawn from a seed per name, so that every backend builds the same model; frozen unless {@code trainable}. */
    static Qwen2ForCausalLM randomModel(Qwen2Config c, Backend backend, double range, boolean trainable) {
        return Qwen2ForCausalLM.build(c, (name, shape) -> {
            int n = Math.toIntExact(socialalign.engine.Shape.numel(shape));
            float[] v = new float[n];
            if (name.endsWith("norm.weight")) {
                java.util.Arrays.fill(v, 1f);
            } else {
                SplittableRandom r = new SplittableRandom(name.hashCode());
                for (int i = 0; i < n; i++) v[i] = (float) ((2 * r.nextDouble() - 1) * range);
            }
            return backend.fromFloats(v, shape);
        }, trainable);
    }

    private static double normwise(float[] actual, float[] expected) {
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static boolean report(String what, double error, double tolerance) {
        boolean ok = error <= tolerance;
        System.out.printf("%s qwen2 %-44s error %.3g (tolerance %.0g)%n", ok ? "PASS" : "FAIL", what, error, tolerance);
        return ok;
    }

    private static boolean qwen2() {
        Qwen2Config c = new Qwen2Config(97, 64, 96, 2, 4, 2, 1e-6, 10000, false, 128);
        CudaBackend gpu = CudaBackend.open(Precision.FP32);
        CpuBackend cpu = CpuBackend.shared();
        Qwen2ForCausalLM onGpu = randomModel(c, gpu, 0.2, true), onCpu = randomModel(c, cpu, 0.2, true);
        SplittableRandom r = new SplittableRandom(7);
        int[] ids = r.ints(17, 0, c.vocabSize()).toArray(), targets = new int[ids.length];
        for (int i = 0; i < ids.length; i++) targets[i] = i + 1 < ids.length ? ids[i + 1] : -100;
        targets[3] = -100;
        double tolerance = 1e-4;
        boolean ok = report("logits", normwise(onGpu.logits(ids).value().toFloats(), onCpu.logits(ids).value().toFloats()), tolerance);
        Variable lg = onGpu.loss(ids, targets), lc = onCpu.loss(ids, targets);
        ok &= report("loss", Math.abs(lg.value().item() - lc.value().item()) / Math.abs(lc.value().item()), tolerance);
        lg.backward();
        lc.backward();
        Map<String, Variable> pg = onGpu.parameters(), pc = onCpu.parameters();
        for (String name : pc.keySet()) {
            ok &= report("grad " + name, normwise(pg.get(name).grad().toFloats(), pc.get(name).grad().toFloats()), tolerance);
        }
        KvCache cg = onGpu.newCache(), cc = onCpu.newCache();
        ok &= report("prefill (KV cache)", normwise(onGpu.infer(ids, cg, false).toFloats(), onCpu.infer(ids, cc, false).toFloats()), tolerance);
        for (int step = 0; step < 3; step++) {
            int[] next = {(step * 31 + 5) % c.vocabSize()};
            ok &= report("decode step " + step, normwise(onGpu.infer(next, cg, true).toFloats(), onCpu.infer(next, cc, true).toFloats()), tolerance);
        }
        for (GateMode mode : List.of(GateMode.TOKEN, GateMode.POOLED)) ok &= pacLora(c, gpu, cpu, mode, tolerance);
        return ok;
    }

    /**
     * The same tiny model with PAC-LoRA on all seven projections (every adapter parameter drawn from a seed per name,
     * compose experts B non-zero) on two backends: logits, loss and every adapter parameter's gradient, and cached
     * decoding with the gates at absolute positions.
     */
    static boolean pacLora(Qwen2Config c, Backend test, Backend reference, GateMode mode, double tolerance) {
        LoraConfig config = new LoraConfig(4, 8, 0, LoraConfig.ALL_TARGETS, true, mode);
        LoraModel onTest = adapted(c, test, config), onReference = adapted(c, reference, config);
        SplittableRandom r = new SplittableRandom(11);
        int[] ids = r.ints(19, 0, c.vocabSize()).toArray(), targets = new int[ids.length];
        for (int i = 0; i < ids.length; i++) targets[i] = i >= 12 && i + 1 < ids.length ? ids[i + 1] : -100;
        Spans spans = new Spans(4, 10);
        String m = "PAC-LoRA " + mode.wireName() + " ";
        Qwen2ForCausalLM t = onTest.model(), e = onReference.model();
        boolean ok = report(m + "logits", normwise(t.logits(ids, spans, null).value().toFloats(), e.logits(ids, spans, null).value().toFloats()), tolerance);
        Variable lt = t.loss(ids, targets, spans, null), le = e.loss(ids, targets, spans, null);
        ok &= report(m + "loss", Math.abs(lt.value().item() - le.value().item()) / Math.abs(le.value().item()), tolerance);
        lt.backward();
        le.backward();
        Map<String, Variable> pt = onTest.adapterParameters(), pe = onReference.adapterParameters();
        double worst = 0;
        String worstName = "";
        for (String name : pe.keySet()) {
            double error = normwise(pt.get(name).grad().toFloats(), pe.get(name).grad().toFloats());
            if (error >= worst) {
                worst = error;
                worstName = name;
            }
        }
        ok &= report(m + "grads (" + pe.size() + ", worst " + worstName.replaceFirst(".*layers\\.", "") + ")", worst, tolerance);
        KvCache ct = t.newCache(spans), ce = e.newCache(spans);
        ok &= report(m + "prefill (KV cache)", normwise(t.infer(ids, ct, false).toFloats(), e.infer(ids, ce, false).toFloats()), tolerance);
        int[] next = {7};
        ok &= report(m + "decode step", normwise(t.infer(next, ct, true).toFloats(), e.infer(next, ce, true).toFloats()), tolerance);
        return ok;
    }

    private static LoraModel adapted(Qwen2Config c, Backend backend, LoraConfig config) {
        LoraModel lora = LoraModel.create(randomModel(c, backend, 0.2, false), config, 1);
        for (Map.Entry<String, Variable> p : lora.adapterParameters().entrySet()) {
            Tensor value = p.getValue().value();
            SplittableRandom r = new SplittableRandom(p.getKey().hashCode());
            float[] v = new float[Math.toIntExact(value.numel())];
            for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * r.nextDouble() - 1) * 0.3);
            backend.copyInto(value, backend.fromFloats(v, value.shape()));
        }
        return lora;
    }

    private static boolean gemm() {
        int n = 8192, rounds = 10;
        float[] values = new float[n * n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) values[i] = (float) (2 * r.nextDouble() - 1);
        for (Precision p : Precision.values()) {
            CudaBackend gpu = CudaBackend.open(p);
            Tensor a = gpu.fromFloats(values, n, n), b = gpu.fromFloats(values, n, n).transpose(0, 1);
            for (int i = 0; i < 2; i++) gpu.matmul(a, b, null);
            gpu.synchronize();
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) gpu.matmul(a, b, null);
            gpu.synchronize();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("gemm_tflops_%s=%.1f%n", p.name().toLowerCase(java.util.Locale.ROOT), 2.0 * n * n * n * rounds / seconds / 1e12);
        }
        return true;
    }

    /** Qwen2.5-0.5B's shape: 24 layers, hidden 896, 14 query and 2 key/value heads, tied embeddings. */
    static final Qwen2Config QWEN25_05B = new Qwen2Config(151936, 896, 4864, 24, 14, 2, 1e-6, 1_000_000, true, 32768);

    /**
     * One PAC-LoRA training step (forward, backward, AdamW on the adapters, base frozen) of {@code t} tokens, the loss
     * on every token after the news, best of three after a warm-up; prints its time and tokens/s.
     */
    static boolean pacSpeed(Qwen2Config c, Backend backend, int t) {
        LoraModel pac = LoraModel.create(randomModel(c, backend, 0.035, false), new LoraConfig(8, 16, 0.1, LoraConfig.ALL_TARGETS, true, GateMode.TOKEN), 1);
        Spans spans = new Spans(t * 300 / 1024, t * 700 / 1024);
        SplittableRandom r = new SplittableRandom(5);
        int[] ids = r.ints(t, 0, c.vocabSize()).toArray(), targets = new int[t];
        for (int i = 0; i < t; i++) targets[i] = i >= spans.newsEnd() && i + 1 < t ? ids[i + 1] : -100;
        AdamW optimizer = new AdamW(new ArrayList<>(pac.adapterParameters().values()), 2e-5, 0.01);
        double best = Double.MAX_VALUE, loss = Double.NaN;
        for (int step = 0; step < 4; step++) {
            sync(backend);
            long s0 = System.nanoTime();
            optimizer.zeroGrad();
            Variable l = pac.model().loss(ids, targets, spans, new SplittableRandom(step));
            l.backward();
            optimizer.step();
            loss = l.value().item();
            sync(backend);
            if (step > 0) best = Math.min(best, (System.nanoTime() - s0) / 1e9);
        }
        System.out.printf("pac_train_step_s=%.4f%npac_train_tokens_per_s=%.1f%npac_loss=%.4f%n", best, t / best, loss);
        return Double.isFinite(loss);
    }

    private static void sync(Backend backend) {
        if (backend instanceof CudaBackend gpu) gpu.synchronize();
    }

    private static boolean speed() {
        Qwen2Config c = QWEN25_05B;
        CudaBackend gpu = CudaBackend.open(Precision.TF32);
        Qwen2ForCausalLM model = randomModel(c, gpu, 0.035, true);
        SplittableRandom r = new SplittableRandom(3);
        int[] prompt = r.ints(512, 0, c.vocabSize()).toArray();
        int decode = 128;
        double bestPrefill = 0, bestDecode = 0;
        for (int round = 0; round < 3; round++) {
            KvCache cache = model.newCache();
            gpu.synchronize();
            long p0 = System.nanoTime();
            int next = gpu.argmax(model.infer(prompt, cache, true))[0];
            long d0 = System.nanoTime();
            for (int i = 0; i < decode; i++) next = gpu.argmax(model.infer(new int[] {next}, cache, true))[0];
            long d1 = System.nanoTime();
            if (round == 0) continue; // warm-up: JIT, PTX load, allocator
            bestPrefill = Math.max(bestPrefill, prompt.length / ((d0 - p0) / 1e9));
            bestDecode = Math.max(bestDecode, decode / ((d1 - d0) / 1e9));
        }
        System.out.printf("prefill_tps=%.1f%ndecode_tps=%.1f%n", bestPrefill, bestDecode);

        int t = 1024;
        int[] ids = r.ints(t, 0, c.vocabSize()).toArray(), targets = new int[t];
        for (int i = 0; i < t; i++) targets[i] = i + 1 < t ? ids[i + 1] : -100;
        List<Variable> params = new ArrayList<>(model.parameters().values());
        AdamW optimizer = new AdamW(params, 1e-5, 0.0);
        double best = Double.MAX_VALUE;
        for (int step = 0; step < 4; step++) {
            gpu.synchronize();
            long s0 = System.nanoTime();
            optimizer.zeroGrad();
            model.loss(ids, targets).backward();
            optimizer.step();
            gpu.synchronize();
            if (step > 0) best = Math.min(best, (System.nanoTime() - s0) / 1e9);
        }
        long[] memory = gpu.memoryUsage();
        System.out.printf("train_step_s=%.4f%ntrain_tokens_per_s=%.1f%ngpu_live_gib=%.2f%n", best, t / best, memory[2] / Math.pow(1024, 3));
        return true;
    }
}
