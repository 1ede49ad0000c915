package socialalign.pipeline.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import socialalign.autograd.GradMode;
import socialalign.autograd.Variable;
import socialalign.pipeline.dataset.persona.SentimentClassifier;

/**
 * A trained emotion classifier: features, vocabulary, network and a prior correction. It reports the emotion, its
 * polarity and the six probabilities of a post; as a {@link SentimentClassifier} it gives the persona's tone.
 *
 * <p>Prior correction (logit adjustment, Menon et al. 2021, "Long-tail learning via logit adjustment"): the
 * probabilities are {@code softmax(logits + adjustment)} with {@code adjustment = -tau * log(prior)}, tau chosen on
 * the validation set for macro-F1, so the rare emotions (fear, surprise) are not drowned by happy.
 */
public final class EmotionClassifier implements SentimentClassifier, EmotionLabeller {
    private static final int BATCH = 256;

    private final TextFeatures features;
    private final Vocabulary vocabulary;
    private final EmotionNet net;
    private final double[] adjustment;
    private final Polarity surprise;

    public EmotionClassifier(TextFeatures features, Vocabulary vocabulary, EmotionNet net, double[] adjustment, Polarity surprise) {
        if (adjustment.length != Emotion.values().length) throw new IllegalArgumentException("adjustment needs one value per emotion");
        this.features = features;
        this.vocabulary = vocabulary;
        this.net = net;
        this.adjustment = adjustment.clone();
        this.surprise = surprise;
    }

    /** One post's emotion, polarity and probabilities (in {@link Emotion} order). */
    public record Prediction(Emotion emotion, Polarity polarity, double[] probabilities) {
        public double probability(Emotion e) {
            return probabilities[e.ordinal()];
        }
    }

    /** The same classifier with surprise counted as {@code surprise} polarity. */
    public EmotionClassifier withSurpriseAs(Polarity surprise) {
        return new EmotionClassifier(features, vocabulary, net, adjustment, surprise);
    }

    /** The same network with another prior correction. */
    public EmotionClassifier withAdjustment(double[] adjustment) {
        return new EmotionClassifier(features, vocabulary, net, adjustment, surprise);
    }

    public TextFeatures features() { return features; }
    public Vocabulary vocabulary() { return vocabulary; }
    public EmotionNet net() { return net; }
    public double[] adjustment() { return adjustment.clone(); }
    public Polarity surpriseAs() { return surprise; }

    /** The feature ids of a post, the network's input. */
    public int[] bag(String text) {
        return vocabulary.ids(features.of(text));
    }

    public Prediction predict(String text) {
        return predictAll(List.of(text)).getFirst();
    }

    /** Predictions for many posts, in batches. */
    public List<Prediction> predictAll(List<String> texts) {
        List<Prediction> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<int[]> bags = texts.subList(from, Math.min(texts.size(), from + BATCH)).stream().map(this::bag).toList();
            out.addAll(predictBags(bags));
        }
        return out;
    }

    /** Every post is labelled: the most probable emotion after the prior correction. */
    @Override
    public List<Label> labelAll(List<String> texts) {
        return predictAll(texts).stream().map(p -> Label.of(p.emotion(), p.polarity())).toList();
    }

    /** Predictions for bags of feature ids. */
    @SuppressWarnings("try") // the resource only scopes grad mode; the body never names it
    public List<Prediction> predictBags(List<int[]> bags) {
        float[] logits;
        try (var off = GradMode.disabled()) {
            Variable z = net.forward(bags);
            logits = z.value().toFloats();
        }
        int k = Emotion.values().length;
        List<Prediction> out = new ArrayList<>(bags.size());
        for (int b = 0; b < bags.size(); b++) {
            double[] p = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                p[c] = logits[b * k + c] + adjustment[c];
                max = Math.max(max, p[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) sum += p[c] = Math.exp(p[c] - max);
            int best = 0;
            for (int c = 0; c < k; c++) {
                p[c] /= sum;
                if (p[c] > p[best]) best = c;
            }
            Emotion e = Emotion.values()[best];
            out.add(new Prediction(e, Polarity.of(e, surprise), p));
        }
        return out;
    }

    @Override
    public Sentiment classify(String text) {
        return predict(text).polarity().persona();
    }

    @Override
    public String toString() {
        return "EmotionClassifier[vocabulary " + vocabulary.size() + ", dim " + net.dim() + ", adjustment " + Arrays.toString(adjustment) + "]";
    }
}
