package socialalign.pipeline.evaluate;

import java.util.Arrays;
import java.util.List;
import socialalign.pipeline.metrics.Distributions;
import socialalign.pipeline.sentiment.Emotion;
import socialalign.pipeline.sentiment.Polarity;

/**
 * The sentiment labels of a group of posts (an event's predicted posts, or its real crowd), counted per emotion
 * ({@link Emotion} order) and per polarity ({@link Polarity} order: negative, neutral, positive).
 *
 * @param posts    posts counted
 * @param emotion  count per emotion
 * @param polarity count per polarity
 */
public record LabelCounts(int posts, int[] emotion, int[] polarity) {

    public LabelCounts {
        if (emotion.length != Emotion.values().length || polarity.length != Polarity.values().length) {
            throw new IllegalArgumentException("label counts need " + Emotion.values().length + " emotions and "
                    + Polarity.values().length + " polarities");
        }
        emotion = emotion.clone();
        polarity = polarity.clone();
    }

    /** The counts of parallel lists of emotion and polarity labels ({@code happy}, ..., {@code negative}, ...). */
    public static LabelCounts of(List<String> emotions, List<String> polarities) {
        if (emotions.size() != polarities.size()) throw new IllegalArgumentException(emotions.size() + " emotions but " + polarities.size() + " polarities");
        int[] e = new int[Emotion.values().length], p = new int[Polarity.values().length];
        for (String label : emotions) e[Emotion.parse(label).orElseThrow(() -> new IllegalArgumentException("unknown emotion \"" + label + "\"")).ordinal()]++;
        for (String label : polarities) p[Polarity.parse(label).ordinal()]++;
        return new LabelCounts(emotions.size(), e, p);
    }

    /** The empirical emotion distribution. */
    public double[] emotionDistribution() {
        return Distributions.normalise(Arrays.stream(emotion).asDoubleStream().toArray());
    }

    /** The empirical polarity distribution. */
    public double[] polarityDistribution() {
        return Distributions.normalise(Arrays.stream(polarity).asDoubleStream().toArray());
    }
}
