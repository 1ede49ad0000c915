package socialalign.pipeline.predict;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.Stream;
import socialalign.autograd.nn.Spans;
import socialalign.lora.PromptSpans;
import socialalign.models.generate.Sampler;
import socialalign.models.generate.SamplingParams;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.pipeline.dataset.clean.PythonWhitespace;
import socialalign.pipeline.train.SftEncoder;

/**
 * Posts from a Qwen2 model, with or without an adapter (spec D1): the instruction is rendered as in training
 * ({@link SftEncoder#prompt}: system {@code 你是一个微博用户。}, generation header), a PAC-LoRA model gets the prompt's
 * user and news spans (spec C3), and the reply is sampled until {@code <|im_end|>} or {@code <|endoftext|>}; the
 * decoded text without special tokens, stripped, is the post.
 *
 * <p>One deliberate difference from the reference: its prompt is {@code rstrip()}ped, which drops the newline after
 * {@code <|im_start|>assistant} that every training sequence has (spec C1); we keep it, so the model continues
 * exactly where training taught it to start the post.
 */
public final class LanguageModelPosts implements PostModel {
    private final Qwen2ForCausalLM model;
    private final Tokenizer tokenizer;
    private final boolean pacSpans;
    private final SamplingParams sampling;
    private final int[] stopIds;

    /**
     * @param pacSpans whether the model has PAC-LoRA gates, which read the prompt's spans
     * @param sampling the sampling settings; each case replaces its seed
     */
    public LanguageModelPosts(Qwen2ForCausalLM model, Tokenizer tokenizer, boolean pacSpans, SamplingParams sampling) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.pacSpans = pacSpans;
        this.sampling = sampling;
        this.stopIds = Stream.of("<|im_end|>", "<|endoftext|>").map(tokenizer::tokenId)
                .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).toArray();
    }

    @Override
    public Post write(TestCase testCase, long seed) {
        String prompt = SftEncoder.prompt(testCase.instruction());
        int[] ids = tokenizer.encode(prompt);
        Spans spans = pacSpans ? PromptSpans.of(tokenizer, prompt) : Spans.NONE;
        SamplingParams p = new SamplingParams(sampling.doSample(), sampling.temperature(), sampling.topK(), sampling.topP(),
                sampling.repetitionPenalty(), sampling.maxNewTokens(), seed);
        // The Generator of the models module keeps one span-less cache per conversation; a PAC-LoRA prompt needs a
        // cache that knows its spans, so each case decodes with its own.
        KvCache cache = model.newCache(spans);
        Sampler sampler = new Sampler(p);
        int samplable = Math.min(tokenizer.size(), model.config().vocabSize());
        int[] sequence = Arrays.copyOf(ids, ids.length + p.maxNewTokens());
        int length = ids.length;
        float[] logits = model.infer(ids, cache, true).toFloats();
        boolean stopped = false;
        for (int step = 0; step < p.maxNewTokens(); step++) {
            int next = sampler.next(logits, sequence, length, samplable);
            if (isStop(next)) {
                stopped = true;
                break;
            }
            sequence[length++] = next;
            if (step + 1 < p.maxNewTokens()) logits = model.infer(new int[] {next}, cache, true).toFloats();
        }
        int[] generated = Arrays.copyOfRange(sequence, ids.length, length);
        return new Post(PythonWhitespace.strip(tokenizer.decode(generated, true)), generated.length, stopped);
    }

    private boolean isStop(int id) {
        for (int s : stopIds) if (s == id) return true;
        return false;
    }
}
