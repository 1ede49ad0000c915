package socialalign.pipeline.predict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.data.JsonLines;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.dataset.Progress;
import socialalign.pipeline.sentiment.EmotionLabeller;

/**
 * The micro level (spec D1 and issue 7): for every test case the post a system writes, its sentiment and the real
 * post's, one {@link PredictionRecord} per line of a JSONL file. The file is rewritten atomically at most every
 * {@link #CHECKPOINT_NANOS} and at the end (also when a case fails), so it only ever holds whole lines; a new run
 * skips the cases it already holds, so an interrupted run resumes where it stopped. Each case samples with its own
 * seed, a function of the run's seed and the case id, so a resumed file equals an uninterrupted one.
 */
public final class Predictor {
    static final long CHECKPOINT_NANOS = 10_000_000_000L;

    /** How many test cases there were, how many the file already held, and how many this run predicted. */
    public record Summary(int cases, int alreadyDone, int predicted) {}

    private final PostModel model;
    private final EmotionLabeller labeller;
    private final String system;
    private final long seed;
    private final PrintStream log;

    /** @param labeller labels both posts of a case; a post it cannot label keeps null labels, and the log says why */
    public Predictor(PostModel model, EmotionLabeller labeller, String system, long seed, PrintStream log) {
        this.model = model;
        this.labeller = labeller;
        this.system = system;
        this.seed = seed;
        this.log = log;
    }

    /** The seed of one case: the run's seed mixed with the case id's (Java-specified, stable) string hash. */
    public static long caseSeed(long seed, String caseId) {
        return seed * 1_000_003L + caseId.hashCode();
    }

    /** Predicts every case of {@code cases} that {@code output} does not hold yet. */
    public Summary run(List<TestCase> cases, Path output) throws IOException {
        List<PredictionRecord> records = read(output);
        Set<String> done = new HashSet<>();
        for (PredictionRecord r : records) {
            if (!system.equals(r.system())) {
                throw new DataFileException(output, "holds predictions of system \"" + r.system() + "\", not \"" + system
                        + "\": choose another output file", null);
            }
            done.add(r.caseId());
        }
        List<TestCase> todo = cases.stream().filter(c -> !done.contains(c.caseId())).toList();
        log.printf("predict %s: %d test cases, %d already in %s, %d to go%n", system, cases.size(), cases.size() - todo.size(),
                output, todo.size());
        long lastWrite = System.nanoTime();
        int predicted = 0;
        try (Progress progress = new Progress("predict " + system, todo.size(), log)) {
            for (TestCase c : todo) {
                records.add(predict(c));
                predicted++;
                progress.step();
                if (System.nanoTime() - lastWrite >= CHECKPOINT_NANOS) {
                    write(output, records);
                    lastWrite = System.nanoTime();
                }
            }
        } finally {
            if (predicted > 0 || !Files.exists(output)) write(output, records);
        }
        return new Summary(cases.size(), cases.size() - todo.size(), predicted);
    }

    private PredictionRecord predict(TestCase c) {
        long caseSeed = caseSeed(seed, c.caseId());
        PostModel.Post post = model.write(c, caseSeed);
        List<EmotionLabeller.Label> labels = labeller.labelAll(List.of(post.text(), c.realPost()));
        EmotionLabeller.Label predicted = labels.get(0), real = labels.get(1);
        if (!predicted.labelled()) log.printf("predict %s: case %s: predicted post not labelled: %s%n", system, c.caseId(), predicted.failure());
        if (!real.labelled()) log.printf("predict %s: case %s: real post not labelled: %s%n", system, c.caseId(), real.failure());
        return new PredictionRecord(c.caseId(), c.topicId(), c.topic(), c.uid(), c.userName(), system, post.text(), c.realPost(),
                emotion(predicted), polarity(predicted), emotion(real), polarity(real),
                post.newTokens(), post.stopToken() ? "stop_token" : "max_new_tokens", caseSeed);
    }

    private static String emotion(EmotionLabeller.Label label) {
        return label.labelled() ? label.emotion().label() : null;
    }

    private static String polarity(EmotionLabeller.Label label) {
        return label.labelled() ? label.polarity().label() : null;
    }

    /** The records of a predictions file; none when it does not exist. */
    public static List<PredictionRecord> read(Path file) throws IOException {
        return Files.exists(file) ? new ArrayList<>(JsonLines.readAll(file, PredictionRecord.class)) : new ArrayList<>();
    }

    private static void write(Path file, List<PredictionRecord> records) throws IOException {
        AtomicFile.write(file, out -> {
            for (PredictionRecord r : records) {
                out.write(Json.LINE.writeValueAsString(r));
                out.write('\n');
            }
        });
    }
}
