package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.EvaluationTables;
import socialalign.pipeline.evaluate.Evaluator;
import socialalign.pipeline.metrics.Bootstrap;
import socialalign.pipeline.sentiment.Judge;
import socialalign.pipeline.sentiment.Polarity;

/** {@code evaluate}: micro and macro metrics of one or more prediction files, in one table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Scores prediction files (from 'predict') against the users' real posts (BLEU-4, ROUGE-L, distinct-n, "
                + "length ratio, sentiment accuracy and macro-F1) and, per event, the predicted sentiment distribution against "
                + "the event's whole real crowd (JS, KL, TV, EMD, cosine; means over events with bootstrap CIs). "
                + "Writes evaluation.json and evaluation.md.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--predictions", required = true, paramLabel = "NAME=FILE",
            description = "a system's name and predictions file; repeat for each baseline (base, lora, pac-token, ...)")
    Map<String, Path> predictions;

    @Option(names = "--source", required = true, paramLabel = "DIR",
            description = "the public Weibo responses dataset the test events come from (their real crowds)")
    Path source;

    @Option(names = "--output", defaultValue = "evaluation", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--resamples", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES, description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--seed", defaultValue = "42", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    JudgeOptions judge;

    @Override
    public Integer call() throws IOException {
        List<Evaluator.Named> systems = new ArrayList<>();
        predictions.forEach((name, file) -> systems.add(new Evaluator.Named(name, file)));
        Evaluation evaluation;
        try {
            Judge.Labelling labelling = judge.open(output.resolve("judge-cache"), Polarity.NEUTRAL);
            evaluation = Evaluator.evaluate(systems, WeiboResponsesDataset.in(source), labelling.labeller(),
                    labelling.provenance(), resamples, seed, System.err);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + ": no such file", e);
        } catch (DataFileException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        write(evaluation, output);
        System.out.print(EvaluationTables.markdown(evaluation));
        return 0;
    }

    /** Writes {@code evaluation.json} and {@code evaluation.md} into {@code folder}. */
    static void write(Evaluation evaluation, Path folder) throws IOException {
        evaluation.write(folder.resolve("evaluation.json"));
        AtomicFile.writeString(folder.resolve("evaluation.md"), EvaluationTables.markdown(evaluation));
    }
}
