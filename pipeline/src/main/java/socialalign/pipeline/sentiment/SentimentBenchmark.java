package socialalign.pipeline.sentiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import socialalign.pipeline.metrics.Classification;

/**
 * Scores a classifier on the SMP2020-EWECT test files beside two baselines trained on the same training file: the
 * majority class and {@link NaiveBayesBaseline}. Emotion accuracy and macro-F1 (six classes, the official measure),
 * and polarity accuracy and macro-F1 (three classes, surprise counted as the classifier says).
 */
public final class SentimentBenchmark {
    private SentimentBenchmark() {
    }

    /** One system on one test file. */
    public record Row(String testFile, String system, int posts, double accuracy, double macroF1,
                      double polarityAccuracy, double polarityMacroF1) {
    }

    /** The rows for every test file in {@code dataDir}: majority, naive Bayes, then {@code classifier}. */
    public static List<Row> run(Path dataDir, EmotionClassifier classifier) {
        List<LabelledText> train = EwectData.read(dataDir.resolve(EwectData.TRAIN));
        Emotion majority = majority(train);
        var bayes = NaiveBayesBaseline.train(train, classifier.features().maxN(), 2);
        List<Row> rows = new ArrayList<>();
        for (String name : EwectData.TESTS) {
            List<LabelledText> test = EwectData.read(dataDir.resolve(name));
            rows.add(score(name, "majority class (" + majority.label() + ")", test, t -> majority, classifier.surpriseAs()));
            rows.add(score(name, "naive Bayes, char 1-" + classifier.features().maxN() + "-grams", test, bayes::predict, classifier.surpriseAs()));
            List<Emotion> predicted = classifier.predictAll(test.stream().map(LabelledText::text).toList())
                    .stream().map(EmotionClassifier.Prediction::emotion).toList();
            rows.add(score(name, "SocialAlign-J emotion net", test, predicted, classifier.surpriseAs()));
        }
        return rows;
    }

    /** The scores of {@code predicted} against the gold labels of {@code test}. */
    public static Row score(String testFile, String system, List<LabelledText> test, List<Emotion> predicted, Polarity surprise) {
        List<Emotion> gold = test.stream().map(LabelledText::emotion).toList();
        List<Polarity> goldPolarity = gold.stream().map(e -> Polarity.of(e, surprise)).toList();
        List<Polarity> predictedPolarity = predicted.stream().map(e -> Polarity.of(e, surprise)).toList();
        return new Row(testFile, system, test.size(), Classification.accuracy(gold, predicted), Classification.macroF1(gold, predicted),
                Classification.accuracy(goldPolarity, predictedPolarity), Classification.macroF1(goldPolarity, predictedPolarity));
    }

    private static Row score(String testFile, String system, List<LabelledText> test, Function<String, Emotion> predict, Polarity surprise) {
        return score(testFile, system, test, test.stream().map(t -> predict.apply(t.text())).toList(), surprise);
    }

    /** The most frequent training label (the first in {@link Emotion} order on ties). */
    static Emotion majority(List<LabelledText> train) {
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (LabelledText t : train) counts.merge(t.emotion(), 1, Integer::sum);
        return Collections.max(counts.entrySet(), Map.Entry.<Emotion, Integer>comparingByValue()
                .thenComparing(e -> -e.getKey().ordinal())).getKey();
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        var sb = new StringBuilder("| test file | posts | system | emotion accuracy | emotion macro-F1 | polarity accuracy | polarity macro-F1 |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %.4f | %.4f |%n",
                    r.testFile(), r.posts(), r.system(), r.accuracy(), r.macroF1(), r.polarityAccuracy(), r.polarityMacroF1()));
        }
        return sb.toString();
    }
}
