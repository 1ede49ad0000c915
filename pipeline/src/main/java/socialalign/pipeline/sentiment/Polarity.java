package socialalign.pipeline.sentiment;

import java.util.Locale;
import socialalign.pipeline.dataset.persona.SentimentClassifier;

/**
 * The three polarities, in their natural order (negative &lt; neutral &lt; positive): the order is the ground metric
 * of the earth mover's distance between polarity distributions.
 */
public enum Polarity {
    NEGATIVE, NEUTRAL, POSITIVE;

    /** The label of the JSON output: {@code negative}, {@code neutral}, {@code positive}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The polarity of an emotion: happy is positive, neutral neutral, angry, sad and fear negative; surprise can be
     * either, so the caller decides ({@code surprise}, by default {@link #NEUTRAL}).
     */
    public static Polarity of(Emotion emotion, Polarity surprise) {
        return switch (emotion) {
            case HAPPY -> POSITIVE;
            case NEUTRAL -> NEUTRAL;
            case ANGRY, SAD, FEAR -> NEGATIVE;
            case SURPRISE -> surprise;
        };
    }

    /** The tone the persona prompt names (积极, 消极, 中立). */
    public SentimentClassifier.Sentiment persona() {
        return switch (this) {
            case POSITIVE -> SentimentClassifier.Sentiment.POSITIVE;
            case NEUTRAL -> SentimentClassifier.Sentiment.NEUTRAL;
            case NEGATIVE -> SentimentClassifier.Sentiment.NEGATIVE;
        };
    }

    /** The polarity named by {@code label} (case-insensitive), for command-line options. */
    public static Polarity parse(String label) {
        return valueOf(label.strip().toUpperCase(Locale.ROOT));
    }
}
