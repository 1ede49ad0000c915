package socialalign.pipeline.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.sentiment.EmotionClassifier;
import socialalign.pipeline.sentiment.EmotionModelFile;

/** An interrupted prediction run resumes where it stopped, and its file then equals an uninterrupted run's. */
class PredictorResumeTest {
    private static final EmotionClassifier CLASSIFIER = EmotionModelFile.bundled().classifier();
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static List<TestCase> cases(int n) {
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) cases.add(new TestCase("e/" + i, "e", "话题", "u" + i, "用户" + i, "指令 " + i, "真实的微博 " + i));
        return cases;
    }

    /** Writes the case id and seed, so the output shows which seed each case got; fails at case {@code failAt}. */
    private static final class Recording implements PostModel {
        final List<String> written = new ArrayList<>();
        final int failAt;

        Recording(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public Post write(TestCase c, long seed) {
            if (written.size() == failAt) throw new IllegalStateException("crash at case " + c.caseId());
            written.add(c.caseId());
            return new Post("我想说 " + c.caseId() + " " + seed, 4, true);
        }
    }

    @Test
    void resumesAfterACrashAndEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path resumed = dir.resolve("resumed.jsonl"), whole = dir.resolve("whole.jsonl");
        Recording crashing = new Recording(3);
        assertThrows(IllegalStateException.class, () -> new Predictor(crashing, CLASSIFIER, "sys", 5, QUIET).run(cases(5), resumed));
        assertEquals(3, Predictor.read(resumed).size(), "the cases done before the crash are kept");

        Recording second = new Recording(-1);
        Predictor.Summary s = new Predictor(second, CLASSIFIER, "sys", 5, QUIET).run(cases(5), resumed);
        assertEquals(new Predictor.Summary(5, 3, 2), s);
        assertEquals(List.of("e/3", "e/4"), second.written, "only the missing cases are predicted");

        new Predictor(new Recording(-1), CLASSIFIER, "sys", 5, QUIET).run(cases(5), whole);
        assertEquals(Files.readString(whole), Files.readString(resumed));

        Recording third = new Recording(-1);
        assertEquals(new Predictor.Summary(5, 5, 0), new Predictor(third, CLASSIFIER, "sys", 5, QUIET).run(cases(5), resumed));
        assertEquals(List.of(), third.written);
    }

    @Test
    void recordsKeepTheCaseThePostsAndBothLabels(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p.jsonl");
        new Predictor(new Recording(-1), CLASSIFIER, "sys", 5, QUIET).run(cases(1), out);
        PredictionRecord r = Predictor.read(out).getFirst();
        assertEquals("e/0", r.caseId());
        assertEquals("用户0", r.userName());
        assertEquals("真实的微博 0", r.real());
        assertEquals(Predictor.caseSeed(5, "e/0"), r.seed());
        assertEquals("我想说 e/0 " + r.seed(), r.prediction());
        assertEquals(CLASSIFIER.predict(r.prediction()).emotion().label(), r.predictedEmotion());
        assertEquals(CLASSIFIER.predict(r.real()).polarity().label(), r.realPolarity());
    }

    @Test
    void refusesToMixSystemsInOneFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("p.jsonl");
        new Predictor(new Recording(-1), CLASSIFIER, "base", 5, QUIET).run(cases(1), out);
        assertThrows(DataFileException.class, () -> new Predictor(new Recording(-1), CLASSIFIER, "lora", 5, QUIET).run(cases(2), out));
    }
}
