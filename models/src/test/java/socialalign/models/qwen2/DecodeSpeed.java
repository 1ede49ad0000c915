package socialalign.models.qwen2;

import java.nio.file.Path;
import java.util.SplittableRandom;
import socialalign.engine.cpu.CpuBackend;

/**
 * Prefill and decode speed on a model directory (a benchmark, never run as a test):
 * {@code java ... socialalign.models.qwen2.DecodeSpeed DIR THREADS [PROMPT=128] [DECODE=64]}. Prints load time,
 * prefill tokens/s of one batched pass over the prompt, and decode tokens/s of greedy one-token steps after it.
 * Make the model with {@code src/test/resources/qwen2/make_random_qwen25_05b.py}.
 */
public final class DecodeSpeed {
    private DecodeSpeed() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int promptLength = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int decode = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        try (CpuBackend backend = new CpuBackend(threads)) {
            long t0 = System.nanoTime();
            Qwen2ForCausalLM model = Qwen2ForCausalLM.load(dir, backend);
            System.out.printf("load %.1f s%n", (System.nanoTime() - t0) / 1e9);
            SplittableRandom random = new SplittableRandom(1);
            int[] prompt = random.ints(promptLength, 0, 151000).toArray();
            for (int round = 0; round < 2; round++) { // the first round warms up the JIT
                KvCache cache = model.newCache();
                long p0 = System.nanoTime();
                float[] logits = model.infer(prompt, cache, true).toFloats();
                double prefill = (System.nanoTime() - p0) / 1e9;
                long d0 = System.nanoTime();
                for (int i = 0; i < decode; i++) {
                    int next = 0;
                    for (int v = 1; v < logits.length; v++) if (logits[v] > logits[next]) next = v;
                    logits = model.infer(new int[] {next}, cache, true).toFloats();
                }
                double decoding = (System.nanoTime() - d0) / 1e9;
                System.out.printf("%s, %d threads: prefill %d tokens %.2f tokens/s, decode %d tokens %.2f tokens/s%n",
                        round == 0 ? "warm-up" : "measured", threads, promptLength, promptLength / prefill, decode, decode / decoding);
            }
        }
    }
}
