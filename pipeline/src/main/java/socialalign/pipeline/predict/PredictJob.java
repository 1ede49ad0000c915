package socialalign.pipeline.predict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import socialalign.engine.Backend;
import socialalign.lora.GateMode;
import socialalign.lora.LoraModel;
import socialalign.models.generate.SamplingParams;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.sentiment.EmotionLabeller;

/**
 * One system's predictions over a dataset's test cases: which model (a base model zero-shot, or with a LoRA or
 * PAC-LoRA adapter), which prompts (the template: {@code full}, or an ablation), how to sample, where to write.
 *
 * @param system    the system's name in the predictions and the tables
 * @param dataset   the dataset stage's output folder
 * @param template  the instruction template of the test prompts
 * @param model     the base Qwen2 model directory
 * @param tokenizer tokenizer.json or its directory
 * @param adapter   the adapter directory, or null for the base model
 * @param gateMode  a PAC-LoRA gate mode replacing the adapter's, or null
 * @param sampling  sampling settings; {@code seed} is the run's seed, mixed with each case id
 * @param limit     predict only the first {@code limit} test cases (0: all)
 * @param output    the predictions file (JSONL)
 * @param backend   where the model runs
 */
public record PredictJob(String system, Path dataset, InstructionTemplate template, Path model, Path tokenizer, Path adapter,
                         GateMode gateMode, SamplingParams sampling, int limit, Path output, Backend backend) {

    /** Spec D1's sampling: temperature 0.7, top-p 0.9, top-k 20, repetition penalty 1.2 (the reference: 256 new tokens). */
    public static SamplingParams referenceSampling(int maxNewTokens, long seed) {
        return new SamplingParams(true, 0.7, 20, 0.9, 1.2, maxNewTokens, seed);
    }

    /** Loads the model and predicts what {@link #output} does not hold yet. */
    public Predictor.Summary run(EmotionLabeller labeller, PrintStream log) throws IOException {
        List<TestCase> cases = TestCases.load(dataset, template);
        if (limit > 0 && cases.size() > limit) cases = cases.subList(0, limit);
        Set<String> done = Predictor.read(output).stream().map(PredictionRecord::caseId).collect(Collectors.toSet());
        if (cases.stream().allMatch(c -> done.contains(c.caseId()))) {
            log.printf("predict %s: all %d test cases already in %s%n", system, cases.size(), output);
            return new Predictor.Summary(cases.size(), cases.size(), 0);
        }
        Qwen2ForCausalLM base = Qwen2ForCausalLM.loadFrozen(model, backend);
        Qwen2ForCausalLM m = base;
        boolean pac = false;
        if (adapter != null) {
            LoraModel lora = LoraModel.load(base, adapter, gateMode);
            m = lora.model();
            pac = lora.config().pac();
        }
        PostModel posts = new LanguageModelPosts(m, Tokenizer.load(tokenizer), pac, sampling);
        return new Predictor(posts, labeller, system, sampling.seed(), log).run(cases, output);
    }
}
