package socialalign.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.ModelFormatException;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.safetensors.WeightPlacement;

/**
 * Our side of {@code bench/qwen2/compare-decode.sh}, the twin of {@code bench/qwen2/llamacpp-speed.mjs}:
 * {@code Qwen2Speed MODEL_DIR THREADS IDS [DECODE=64] [ROUNDS=2] [PLACEMENT=anonymous]}, IDS the comma-separated
 * prompt. Each round prefills the prompt in one batched pass on an empty KV cache, then decodes DECODE tokens
 * greedily one at a time (argmax included, as llama.cpp's sampling is); round 0 warms up the JIT, the best later
 * round is reported. Prints one line of key=value: load seconds, prefill and decode tokens/s, peak and final
 * resident memory (VmHWM, VmRSS and the latter's anonymous and file-backed parts, and how much of it lies on
 * transparent huge pages), the parameter count, the greedy
 * ids and the five most probable next tokens after the prompt with their probabilities, so that the two sides can
 * be checked against each other.
 *
 * <p>PLACEMENT is where the matrices live ({@link WeightPlacement}): {@code heap} widened to float32 on the Java
 * heap; {@code anonymous} off the heap as stored (F32 or BF16), copied onto huge pages; {@code mapped} off the heap
 * as stored, read in place from the memory-mapped file.
 */
public final class Qwen2Speed {

    private Qwen2Speed() {
    }

    private enum Placement {
        HEAP, ANONYMOUS, MAPPED;

        WeightPlacement of(CpuBackend cpu) {
            return switch (this) {
                case HEAP -> WeightPlacement.widenedTo(cpu);
                case ANONYMOUS -> WeightPlacement.offHeap(cpu, false);
                case MAPPED -> WeightPlacement.offHeap(cpu, true);
            };
        }
    }

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException | ModelFormatException e) { // bad arguments, or a bad model directory
            System.err.println("Qwen2Speed: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        if (args.length < 3 || args.length > 6) {
            throw new IllegalArgumentException(
                    "usage: Qwen2Speed MODEL_DIR THREADS IDS [DECODE=64] [ROUNDS=2] [heap|anonymous|mapped]");
        }
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int[] prompt = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int decode = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        String where = args.length > 5 ? args[5] : "anonymous";
        Placement placement = Arrays.stream(Placement.values()).filter(p -> p.name().equalsIgnoreCase(where)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("placement " + where + ": not heap, anonymous or mapped"));
        try (CpuBackend backend = new CpuBackend(threads)) {
            long t0 = System.nanoTime();
            // Every placement's tensors outlive the checkpoint, which the loader closes, so the file's pages count
            // as resident only where the weights are read from the mapping.
            Qwen2ForCausalLM model = Qwen2ForCausalLM.load(dir, placement.of(backend), false);
            measure(new Loaded(model, (System.nanoTime() - t0) / 1e9), threads, prompt, decode, rounds, placement);
        }
    }

    private record Loaded(Qwen2ForCausalLM model, double seconds) {
    }

    private static void measure(Loaded loaded, int threads, int[] prompt, int decode, int rounds, Placement placement)
            throws IOException {
        Qwen2ForCausalLM model = loaded.model();
        long parameters = model.parameters().values().stream().mapToLong(p -> p.value().numel()).sum();
        double bestPrefill = 0, bestDecode = 0;
        int[] generated = new int[decode + 1];
        float[] afterPrompt = null;
        for (int round = 0; round < rounds; round++) {
            KvCache cache = model.newCache();
            long p0 = System.nanoTime();
            afterPrompt = model.infer(prompt, cache, true).toFloats();
            generated[0] = argmax(afterPrompt);
            long d0 = System.nanoTime();
            for (int i = 1; i <= decode; i++) {
                generated[i] = argmax(model.infer(new int[] {generated[i - 1]}, cache, true).toFloats());
            }
            long d1 = System.nanoTime();
            double prefill = prompt.length / ((d0 - p0) / 1e9), decoding = decode / ((d1 - d0) / 1e9);
            System.err.printf(Locale.ROOT, "Java %s, %d threads: prefill %.2f tokens/s, decode %.2f tokens/s%n",
                    round == 0 ? "warm-up" : "round " + round, threads, prefill, decoding);
            if (round > 0 || rounds == 1) {
                bestPrefill = Math.max(bestPrefill, prefill);
                bestDecode = Math.max(bestDecode, decoding);
            }
        }
        System.out.printf(Locale.ROOT, "prefill_tps=%.3f decode_tps=%.3f peak_rss_kib=%d rss_kib=%d rss_anon_kib=%d"
                        + " rss_file_kib=%d anon_huge_kib=%d load_s=%.2f parameters=%d placement=%s top5=%s ids=%s%n",
                bestPrefill, bestDecode, procKib("status", "VmHWM"), procKib("status", "VmRSS"), procKib("status", "RssAnon"),
                procKib("status", "RssFile"), procKib("smaps_rollup", "AnonHugePages"), loaded.seconds(), parameters,
                placement.name().toLowerCase(Locale.ROOT), top5(afterPrompt),
                IntStream.of(generated).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    }

    /** The index of the largest logit (the first of equals): greedy decoding. */
    private static int argmax(float[] logits) {
        int best = 0;
        for (int v = 1; v < logits.length; v++) {
            if (logits[v] > logits[best]) best = v;
        }
        return best;
    }

    /** The five most probable ids under softmax(logits), as {@code id:probability,...}. */
    private static String top5(float[] logits) {
        double max = logits[argmax(logits)], sum = 0;
        for (float l : logits) sum += Math.exp(l - max);
        double norm = sum;
        return IntStream.range(0, logits.length).boxed()
                .sorted((a, b) -> Float.compare(logits[b], logits[a])).limit(5)
                .map(i -> i + ":" + String.format(Locale.ROOT, "%.6g", Math.exp(logits[i] - max) / norm))
                .collect(Collectors.joining(","));
    }

    /** A memory figure of this process from {@code /proc/self/FILE}, in KiB (Linux only; -1 elsewhere). */
    private static long procKib(String file, String key) throws IOException {
        Path status = Path.of("/proc/self", file);
        if (!Files.exists(status)) return -1;
        return Files.readAllLines(status).stream().filter(l -> l.startsWith(key + ":"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
