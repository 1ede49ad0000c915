package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.lora.AdapterFormatException;
import socialalign.lora.GateMode;
import socialalign.models.ModelFormatException;
import socialalign.models.generate.SamplingParams;
import socialalign.models.tokenizer.TokenizerFormatException;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.predict.PredictJob;
import socialalign.pipeline.predict.Predictor;
import socialalign.pipeline.sentiment.Polarity;

/** {@code predict}: the micro level, one system's post and sentiment for every test case of a built dataset. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Writes, for every test case of a dataset built by 'dataset build', the post the user would write "
                + "(a base model zero-shot, or with a LoRA/PAC-LoRA adapter), its sentiment and the real post's, as JSONL. "
                + "Resumable: cases already in --output are skipped.")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "the dataset build's output folder")
    Path dataset;

    @Option(names = "--template", defaultValue = "full", paramLabel = "NAME",
            description = "prompt template: full, without_persona, without_history (default: ${DEFAULT-VALUE})")
    String template;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "base Qwen2 model directory")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "LoRA or PAC-LoRA adapter directory (default: none, zero-shot)")
    Path adapter;

    @Option(names = "--gate-mode", paramLabel = "MODE", description = "override a PAC-LoRA adapter's gate mode (token, pooled, ...)")
    String gateMode;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "tokenizer.json or its directory (default: --model)")
    Path tokenizer;

    @Option(names = "--system", paramLabel = "NAME", description = "the system's name in the output and the tables "
            + "(default: base, or the adapter folder's name)")
    String system;

    @Option(names = "--output", required = true, paramLabel = "FILE.jsonl", description = "predictions file")
    Path output;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "only the first N test cases (default: all)")
    int limit;

    @Option(names = "--temperature", defaultValue = "0.7", description = "(default: ${DEFAULT-VALUE}, spec D1)")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.9", description = "(default: ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--top-k", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--repetition-penalty", defaultValue = "1.2", description = "(default: ${DEFAULT-VALUE})")
    double repetitionPenalty;

    @Option(names = "--max-new-tokens", defaultValue = "256", description = "(default: ${DEFAULT-VALUE})")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "42", description = "the run's seed, mixed with each case id (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    JudgeOptions judge;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        InstructionTemplate t;
        GateMode mode;
        SamplingParams sampling;
        try {
            t = InstructionTemplate.byId(template);
            mode = gateMode == null ? null : GateMode.parse(gateMode);
            sampling = new SamplingParams(temperature > 0, temperature > 0 ? temperature : 1, topK, topP, repetitionPenalty,
                    maxNewTokens, seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        String name = system != null ? system : adapter == null ? "base" : adapter.toAbsolutePath().normalize().getFileName().toString();
        PredictJob job = new PredictJob(name, dataset, t, model, tokenizer != null ? tokenizer : model, adapter, mode, sampling,
                limit, output, device.backend());
        try {
            Predictor.Summary s = job.run(judge.open(output.toAbsolutePath().resolveSibling("judge-cache"), Polarity.NEUTRAL).labeller(), System.err);
            System.err.printf("predict %s: %d new predictions, %d test cases in %s%n", name, s.predicted(), s.cases(), output);
        } catch (DataFileException | ModelFormatException | AdapterFormatException | TokenizerFormatException
                 | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        return 0;
    }
}
