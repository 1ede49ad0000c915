package socialalign.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.engine.cpu.CpuBackend;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.sentiment.Emotion;
import socialalign.pipeline.sentiment.EmotionClassifier;
import socialalign.pipeline.sentiment.EmotionLabeller;
import socialalign.pipeline.sentiment.EmotionModelFile;
import socialalign.pipeline.sentiment.EmotionTrainer;
import socialalign.pipeline.sentiment.EwectData;
import socialalign.pipeline.sentiment.LabelledText;
import socialalign.pipeline.sentiment.Polarity;
import socialalign.pipeline.sentiment.SentimentBenchmark;

/**
 * {@code sentiment}: the emotion classifier. Without a sub-command (or with {@code label}) it labels one post per
 * stdin line as one JSON line (emotion, polarity, probabilities); {@code train} trains a model on SMP2020-EWECT;
 * {@code evaluate} scores a model against the baselines on the test files.
 */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = "Labels the emotion and polarity of one post per input line (JSON lines out); "
                + "sub-commands train and evaluate the classifier on SMP2020-EWECT.",
        subcommands = {SentimentCommand.Label.class, SentimentCommand.Train.class, SentimentCommand.Evaluate.class})
public final class SentimentCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    JudgeOptions judge;

    @Override
    public Integer call() throws IOException {
        return label(model, judge);
    }

    /** Which model, and how surprise counts. */
    static final class ModelOptions {
        @Option(names = "--model", paramLabel = "FILE", description = "a model file from 'sentiment train' (default: the bundled model)")
        Path file;

        @Option(names = "--surprise", paramLabel = "POLARITY", defaultValue = "neutral",
                description = "the polarity of surprise: negative, neutral or positive (default: ${DEFAULT-VALUE})")
        String surprise;

        Polarity surprise() {
            try {
                return Polarity.parse(surprise);
            } catch (IllegalArgumentException e) {
                throw new UserError("--surprise: \"" + surprise + "\" is not negative, neutral or positive");
            }
        }

        EmotionClassifier load() {
            Polarity surpriseAs = surprise();
            try {
                var loaded = file == null ? EmotionModelFile.bundled() : EmotionModelFile.read(file);
                return loaded.classifier().withSurpriseAs(surpriseAs);
            } catch (DataFileException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "label", mixinStandardHelpOptions = true,
            description = "Labels one post per stdin line: {\"label\", \"polarity\", \"probabilities\"} as one JSON line each.")
    static final class Label implements Callable<Integer> {
        @Mixin
        ModelOptions model;

        @Mixin
        JudgeOptions judge;

        @Override
        public Integer call() throws IOException {
            return label(model, judge);
        }
    }

    /** With the classifier: label, polarity and probabilities; with an LLM judge: label and polarity, or the error. */
    private static int label(ModelOptions model, JudgeOptions judge) throws IOException {
        if ("classifier".equals(judge.kind)) return label(model.load());
        EmotionLabeller labeller = judge.open(Path.of("judge-cache"), model.surprise()).labeller();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            EmotionLabeller.Label l = labeller.labelAll(List.of(line)).getFirst();
            ObjectNode o = JSON.createObjectNode();
            if (l.labelled()) {
                o.put("label", l.emotion().label());
                o.put("polarity", l.polarity().label());
            } else {
                o.put("error", l.failure());
            }
            out.write(JSON.writeValueAsString(o));
            out.newLine();
            out.flush();
        }
        return 0;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static int label(EmotionClassifier classifier) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            var p = classifier.predict(line);
            ObjectNode o = JSON.createObjectNode();
            o.put("label", p.emotion().label());
            o.put("polarity", p.polarity().label());
            ObjectNode probabilities = o.putObject("probabilities");
            for (Emotion e : Emotion.values()) probabilities.put(e.label(), Math.round(p.probability(e) * 1e6) / 1e6);
            out.write(JSON.writeValueAsString(o));
            out.newLine();
        }
        out.flush();
        return 0;
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Trains the emotion classifier on SMP2020-EWECT (train on virus_train.txt, select on "
                    + "virus_eval_labeled.txt), writes the model file atomically, then scores it on the test files.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "the smp2020-ewect folder")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the model file to write")
        Path out;

        @Option(names = "--seed", paramLabel = "N", description = "random seed (default: the bundled model's)")
        Long seed;

        @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the bundled model's)")
        Integer epochs;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "CPU threads (default: ${DEFAULT-VALUE})")
        int threads;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(data)) throw new UserError("--data: " + data + " is not a folder");
            if (threads < 1) throw new UserError("--threads: must be at least 1, got " + threads);
            var config = EmotionTrainer.Config.defaults();
            if (seed != null) config = config.withSeed(seed);
            if (epochs != null) {
                if (epochs < 1) throw new UserError("--epochs: must be at least 1, got " + epochs);
                config = config.withEpochs(epochs);
            }
            long start = System.nanoTime();
            EmotionClassifier trained;
            try (var backend = new CpuBackend(threads)) {
                List<LabelledText> train = read(data.resolve(EwectData.TRAIN));
                List<LabelledText> validation = read(data.resolve(EwectData.VALIDATION));
                System.err.printf("training on %d posts, validating on %d, %s%n", train.size(), validation.size(), config);
                trained = new EmotionTrainer(config, backend, System.err).train(train, validation);
                double seconds = (System.nanoTime() - start) / 1e9;
                String provenance = String.format(Locale.ROOT,
                        "socialalign sentiment train --data %s --out %s (seed %d, %d thread(s)); %s; trained on %s, selected on %s; "
                                + "%.0f s; finished %s", data.getFileName(), out.getFileName(), config.seed(), threads, config,
                        EwectData.TRAIN, EwectData.VALIDATION, seconds, Instant.now());
                EmotionModelFile.write(out, trained, provenance);
                System.err.printf("wrote %s (%d bytes) in %.0f s%n", out, Files.size(out), seconds);
            }
            // Scored after a round trip through the file, so the numbers are those of the file.
            System.out.print(benchmark(data, EmotionModelFile.read(out).classifier()));
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Scores a model on virus_test_labeled.txt and usual_eval_labeled.txt beside a majority-class and "
                    + "a naive Bayes baseline; prints a Markdown table.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "the smp2020-ewect folder")
        Path data;

        @Mixin
        ModelOptions model;

        @Override
        public Integer call() {
            if (!Files.isDirectory(data)) throw new UserError("--data: " + data + " is not a folder");
            System.out.print(benchmark(data, model.load()));
            return 0;
        }
    }

    private static String benchmark(Path data, EmotionClassifier classifier) {
        try {
            return SentimentBenchmark.markdown(SentimentBenchmark.run(data, classifier));
        } catch (DataFileException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static List<LabelledText> read(Path file) {
        try {
            return EwectData.read(file);
        } catch (DataFileException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
