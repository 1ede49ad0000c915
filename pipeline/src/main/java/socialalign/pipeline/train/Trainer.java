package socialalign.pipeline.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import socialalign.autograd.Variable;
import socialalign.autograd.optim.AdamW;
import socialalign.autograd.optim.GradClip;
import socialalign.lora.LoraModel;
import socialalign.models.io.AtomicFile;

/**
 * Supervised fine-tuning of an adapter (spec C5, without its bf16 rounding: adapter weights and AdamW states are
 * float32, the base frozen). Each optimizer step runs the examples of one accumulation window one at a time,
 * back-propagates each example's loss weighted by its share of the window's targets (so the gradient is that of the
 * token-level mean over the window), clips the global norm, and takes an AdamW step at the cosine-with-warmup rate.
 *
 * <p>Checkpoints come every {@code saveSteps} steps and at each epoch end; data order and dropout are functions of
 * (seed, step), so {@link #run} from a checkpoint continues exactly as the uninterrupted run would have.
 */
public final class Trainer {
    public static final String METRICS_FILE = "metrics.jsonl", LOSS_CURVE_FILE = "loss.svg";

    private final LoraModel model;
    private final List<SftExample> examples;
    private final TrainConfig config;
    private final Path outputDir;
    private final String baseModel;
    private final PrintStream progress;

    /** @param progress where the progress bar goes (standard error), or null for none */
    public Trainer(LoraModel model, List<SftExample> examples, TrainConfig config, Path outputDir, String baseModel,
                   PrintStream progress) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        this.model = model;
        this.examples = List.copyOf(examples);
        this.config = config;
        this.outputDir = outputDir;
        this.baseModel = baseModel;
        this.progress = progress;
    }

    /**
     * Trains from step 0, or from {@code checkpoint} (whose adapter {@link #model} was loaded from), until the last
     * step or until {@code keepGoing} answers false after a step. Returns this call's steps; at the end the final
     * adapter is written to the output directory itself.
     */
    public List<StepMetrics> run(Path checkpoint, Predicate<StepMetrics> keepGoing) throws IOException {
        Files.createDirectories(outputDir);
        Schedule schedule = new Schedule(examples.size(), config);
        String fingerprint = fingerprint(examples);
        List<Map.Entry<String, Variable>> named = List.copyOf(model.adapterParameters().entrySet());
        List<Variable> params = named.stream().map(Map.Entry::getValue).toList();
        AdamW optimizer = new AdamW(params, config.learningRate(), config.weightDecay());
        int start = 0;
        if (checkpoint != null) {
            TrainerState state = TrainingCheckpoint.state(checkpoint);
            if (state.numExamples() != examples.size() || !state.dataFingerprint().equals(fingerprint)) {
                throw new IllegalArgumentException(checkpoint + ": was trained on other data (" + state.numExamples()
                        + " examples, fingerprint " + state.dataFingerprint() + "; now " + examples.size() + ", " + fingerprint + ")");
            }
            TrainingCheckpoint.restoreOptimizer(checkpoint, model, optimizer);
            start = state.globalStep();
        }

        List<StepMetrics> done = new ArrayList<>();
        ProgressBar bar = progress == null ? null : new ProgressBar(progress, start);
        long began = System.nanoTime(), tokens = 0;
        try (MetricsLog log = new MetricsLog(outputDir.resolve(METRICS_FILE), start)) {
            for (int step = start; step < schedule.totalSteps; step++) {
                int[] window = schedule.window(step);
                long targets = 0, stepTokens = 0;
                for (int i : window) targets += examples.get(i).labels();
                double loss = 0;
                for (int micro = 0; micro < window.length; micro++) {
                    SftExample e = examples.get(window[micro]);
                    Variable l = model.model().loss(e.ids(), e.targets(), e.spans(), schedule.dropout(step, micro));
                    double share = (double) e.labels() / targets;
                    loss += l.value().item() * share;
                    l.backward(l.backend().fromDoubles(new double[] {share}, 1));
                    stepTokens += e.ids().length;
                }
                double gradNorm = GradClip.clipGlobalNorm(params, config.maxGradNorm());
                double lr = schedule.learningRate(step);
                optimizer.setLearningRate(lr);
                optimizer.step();
                optimizer.zeroGrad();

                tokens += stepTokens;
                double elapsed = (System.nanoTime() - began) / 1e9;
                StepMetrics m = new StepMetrics(step + 1, schedule.totalSteps, schedule.epoch(step), loss, lr, gradNorm,
                        stepTokens, tokens / Math.max(elapsed, 1e-9), elapsed);
                log.append(m);
                done.add(m);
                if (bar != null) bar.update(m);
                if ((step + 1) % config.saveSteps() == 0 || schedule.endsEpoch(step)) {
                    TrainerState state = new TrainerState(step + 1, schedule.totalSteps, schedule.epoch(step),
                            examples.size(), fingerprint, baseModel, config);
                    TrainingCheckpoint.save(outputDir, model, optimizer, state, config.keepCheckpoints());
                    writeLossCurve(log);
                }
                if (!keepGoing.test(m)) break;
            }
            if (!done.isEmpty() && done.getLast().step() == schedule.totalSteps) model.save(outputDir, baseModel);
            writeLossCurve(log);
        } finally {
            if (bar != null) bar.finish();
        }
        return done;
    }

    private void writeLossCurve(MetricsLog log) throws IOException {
        String title = (config.adapter().pac() ? "PAC-LoRA" : "LoRA") + " SFT loss (token mean over " + config.gradientAccumulation() + " sequences)";
        AtomicFile.writeString(outputDir.resolve(LOSS_CURVE_FILE), LossCurve.svg(log.history(), title));
    }

    /** SHA-256 over every example's ids, targets and spans, in order (16 hex digits). */
    static String fingerprint(List<SftExample> examples) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (SftExample e : examples) {
                ByteBuffer b = ByteBuffer.allocate(4 * (2 * e.ids().length + 3));
                for (int id : e.ids()) b.putInt(id);
                for (int t : e.targets()) b.putInt(t);
                b.putInt(e.spans().userEnd()).putInt(e.spans().newsEnd()).putInt(e.ids().length);
                sha.update(b.array());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
