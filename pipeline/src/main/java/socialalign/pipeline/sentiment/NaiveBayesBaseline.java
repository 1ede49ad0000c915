package socialalign.pipeline.sentiment;

import java.util.List;

/**
 * The bag-of-words baseline: multinomial naive Bayes with Laplace smoothing (alpha = 1) over the same character
 * n-gram features as the network (Manning, Raghavan and Schütze, "Introduction to Information Retrieval", 2008,
 * section 13.2): {@code argmax_c log P(c) + sum_f count(f) log((n_cf + alpha) / (n_c + alpha |V|))}.
 */
public final class NaiveBayesBaseline {
    private static final double ALPHA = 1;

    private final TextFeatures features;
    private final Vocabulary vocabulary;
    private final double[] logPrior;
    private final double[][] logLikelihood; // [emotion][feature]

    private NaiveBayesBaseline(TextFeatures features, Vocabulary vocabulary, double[] logPrior, double[][] logLikelihood) {
        this.features = features;
        this.vocabulary = vocabulary;
        this.logPrior = logPrior;
        this.logLikelihood = logLikelihood;
    }

    /** Counts features of orders 1..maxN found in at least {@code minDocs} training posts. */
    public static NaiveBayesBaseline train(List<LabelledText> train, int maxN, int minDocs) {
        var features = new TextFeatures(maxN);
        Vocabulary vocabulary = Vocabulary.build(train.stream().map(LabelledText::text).toList(), features, minDocs);
        int k = Emotion.values().length, v = vocabulary.size();
        double[][] counts = new double[k][v];
        double[] docs = new double[k];
        for (LabelledText t : train) {
            int c = t.emotion().ordinal();
            docs[c]++;
            for (int id : vocabulary.ids(features.of(t.text()))) counts[c][id]++;
        }
        double[] logPrior = new double[k];
        for (int c = 0; c < k; c++) {
            logPrior[c] = Math.log(docs[c] / train.size());
            double total = 0;
            for (double n : counts[c]) total += n;
            double denominator = Math.log(total + ALPHA * v);
            for (int f = 0; f < v; f++) counts[c][f] = Math.log(counts[c][f] + ALPHA) - denominator;
        }
        return new NaiveBayesBaseline(features, vocabulary, logPrior, counts);
    }

    public Emotion predict(String text) {
        int[] ids = vocabulary.ids(features.of(text));
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logPrior.length; c++) {
            double s = logPrior[c];
            for (int id : ids) s += logLikelihood[c][id];
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return Emotion.values()[best];
    }
}
