package socialalign.pipeline.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import socialalign.pipeline.dataset.persona.SentimentClassifier;

/** The model committed under src/main/resources: it loads without ../shared and reproduces its README's numbers. */
class BundledModelTest {
    private static final EmotionClassifier MODEL = EmotionModelFile.bundled().classifier();

    @ParameterizedTest
    @CsvSource({
            "太开心了，哈哈哈[哈哈], HAPPY, POSITIVE",
            "气死我了，什么垃圾东西！, ANGRY, NEGATIVE",
            "好难过，眼泪止不住[泪][泪], SAD, NEGATIVE",
            "好害怕，感觉自己也被感染了怎么办, FEAR, NEGATIVE",
            "天哪，竟然是真的？震惊了, SURPRISE, NEUTRAL",
            "致敬医护人员，武汉加油！, HAPPY, POSITIVE",
    })
    void clearExamples(String text, Emotion emotion, Polarity polarity) {
        var p = MODEL.predict(text);
        assertEquals(emotion, p.emotion(), text);
        assertEquals(polarity, p.polarity(), text);
        double sum = 0;
        for (double x : p.probabilities()) sum += x;
        assertEquals(1, sum, 1e-9);
    }

    @Test
    void surpriseCountsAsTheCallerSays() {
        assertEquals(Polarity.NEGATIVE, MODEL.withSurpriseAs(Polarity.NEGATIVE).predict("天哪，竟然是真的？震惊了").polarity());
        assertEquals(SentimentClassifier.Sentiment.POSITIVE, MODEL.classify("太开心了，哈哈哈[哈哈]"));
    }

    /**
     * The emotion accuracy and macro-F1 of the table in resources/socialalign/pipeline/sentiment/README.md, recomputed
     * on both whole test files (5,000 posts, about a second).
     */
    @ParameterizedTest
    @CsvSource({
            "virus_test_labeled.txt, 0.7430, 0.5757",
            "usual_eval_labeled.txt, 0.4700, 0.3988",
    })
    void reproducesTheReportedTestScores(String file, double accuracy, double macroF1) {
        Path data = ewect();
        assumeTrue(Files.isDirectory(data), "skipped: " + data + " is absent (SMP2020-EWECT lives in ../shared beside the repository)");
        List<LabelledText> test = EwectData.read(data.resolve(file));
        List<Emotion> predicted = MODEL.predictAll(test.stream().map(LabelledText::text).toList()).stream()
                .map(EmotionClassifier.Prediction::emotion).toList();
        var row = SentimentBenchmark.score(file, "bundled", test, predicted, Polarity.NEUTRAL);
        assertEquals(accuracy, row.accuracy(), 5e-5);
        assertEquals(macroF1, row.macroF1(), 5e-5);
    }

    /** {@code ../shared/data/smp2020-ewect}, beside the repository root (the folder that holds mvnw). */
    static Path ewect() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) dir = dir.getParent();
        Path root = dir == null ? Path.of("").toAbsolutePath() : dir;
        return root.resolveSibling("shared").resolve("data").resolve("smp2020-ewect");
    }
}
