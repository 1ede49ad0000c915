package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socialalign.models.ModelFormatException;
import socialalign.models.tokenizer.TokenizerFormatException;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.SystemScores;
import socialalign.pipeline.metrics.Bootstrap;
import socialalign.pipeline.run.Demo;
import socialalign.pipeline.run.Job;

/** {@code demo}: the whole job on the bundled real Weibo subset, in a minute or two on a laptop. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline (dataset, PAC-LoRA training, prediction, evaluation, report) on a small real "
                + "Weibo subset bundled in the jar, with a tiny Qwen2 model created from a seed, or with --model DIR a real one.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--output", defaultValue = "build/demo", paramLabel = "DIR", description = "working folder (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--model", paramLabel = "DIR", description = "a real Qwen2 model directory, predicting zero-shot (default: a tiny one)")
    Path model;

    @Option(names = "--train-epochs", paramLabel = "N", description = "PAC-LoRA epochs (default: 1 with the tiny model, 0 with --model)")
    Integer trainEpochs;

    @Option(names = "--max-new-tokens", defaultValue = "64", paramLabel = "N", description = "tokens per post (default: ${DEFAULT-VALUE}; the reference: 256)")
    int maxNewTokens;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "test cases per system (default: all)")
    int limit;

    @Option(names = "--ablations", description = "also the ablations without persona and without history")
    boolean ablations;

    @Override
    public Integer call() throws IOException {
        int epochs = trainEpochs != null ? trainEpochs : model == null ? 1 : 0;
        Evaluation e;
        try {
            e = new Demo(output, model, epochs, maxNewTokens, limit, Bootstrap.DEFAULT_RESAMPLES, ablations).run(System.err);
        } catch (ModelFormatException | TokenizerFormatException | IllegalArgumentException ex) {
            throw new UserError(ex.getMessage(), ex);
        }
        System.out.println();
        for (SystemScores s : e.systems()) {
            System.out.printf(Locale.ROOT, "%-16s %3d cases  BLEU-4 %.4f  ROUGE-L %.4f  polarity acc %.3f  | %d events: polarity JS %.4f [%.4f, %.4f]  EMD %.4f%n",
                    s.name(), s.micro().cases(), s.micro().bleu4(), s.micro().rougeL(), s.micro().polarityAccuracy(),
                    s.macro().events().size(), s.macro().means().get("polarity_js").mean(), s.macro().means().get("polarity_js").lower(),
                    s.macro().means().get("polarity_js").upper(), s.macro().means().get("polarity_emd").mean());
        }
        System.out.printf(Locale.ROOT, "%-16s polarity JS %.4f (the test users' real posts against the crowd: the floor)%n", "reference",
                e.realPosts().means().get("polarity_js").mean());
        if (model == null) System.out.println("\n" + Demo.TINY_MODEL_NOTE);
        System.out.println("\nReport: " + output.resolve(Job.REPORT).toAbsolutePath());
        return 0;
    }
}
