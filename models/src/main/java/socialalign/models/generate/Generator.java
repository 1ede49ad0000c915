package socialalign.models.generate;

import java.util.Arrays;
import java.util.function.IntConsumer;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/**
 * Autoregressive generation for one conversation: the prompt is prefilled in one batched pass, then each new token
 * is decoded from the cache. The generator remembers the tokens its cache holds, so the next prompt of a chat, which
 * repeats the conversation so far, only prefills what is new.
 */
public final class Generator {

    /** Why generation ended. */
    public enum Stop { STOP_TOKEN, MAX_NEW_TOKENS }

    /** The generated ids (the stop token not included) and why generation ended. */
    public record Result(int[] tokens, Stop stop) {}

    private final Qwen2ForCausalLM model;
    private final int samplable;
    private final int[] stopIds;
    private final KvCache cache;
    private int[] cached = new int[0]; // the ids whose keys and values the cache holds, in order

    /**
     * @param samplable the number of ids that may be generated (the tokenizer's size; larger embedding tables have
     *                  rows no token names)
     * @param stopIds   ids that end generation ({@code <|im_end|>}, {@code <|endoftext|>})
     */
    public Generator(Qwen2ForCausalLM model, int samplable, int... stopIds) {
        this.model = model;
        this.samplable = Math.min(samplable, model.config().vocabSize());
        this.stopIds = stopIds.clone();
        this.cache = model.newCache();
    }

    /** Generates after {@code prompt}, passing each new id to {@code onToken} as soon as it is chosen. */
    public Result generate(int[] prompt, SamplingParams params, IntConsumer onToken) {
        if (prompt.length == 0) throw new IllegalArgumentException("prompt: no tokens");
        Sampler sampler = new Sampler(params);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + params.maxNewTokens());
        int length = prompt.length;
        // Reuse the cached prefix, but run at least the prompt's last token: its logits choose the first new one.
        int reused = Math.min(commonPrefix(cached, prompt), prompt.length - 1);
        cache.truncate(reused);
        float[] logits = model.infer(Arrays.copyOfRange(prompt, reused, prompt.length), cache, true).toFloats();
        Stop stop = Stop.MAX_NEW_TOKENS;
        for (int step = 0; step < params.maxNewTokens(); step++) {
            int next = sampler.next(logits, sequence, length, samplable);
            if (isStop(next)) {
                stop = Stop.STOP_TOKEN;
                break;
            }
            sequence[length++] = next;
            onToken.accept(next);
            if (step + 1 < params.maxNewTokens()) logits = model.infer(new int[] {next}, cache, true).toFloats();
        }
        cached = Arrays.copyOf(sequence, cache.length());
        return new Result(Arrays.copyOfRange(sequence, prompt.length, length), stop);
    }

    private boolean isStop(int id) {
        for (int s : stopIds) if (s == id) return true;
        return false;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length), i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }
}
