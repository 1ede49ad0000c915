package socialalign.pipeline.sentiment;

import java.util.List;

/**
 * What labels posts with one of the six emotions and its polarity: the trained {@link EmotionClassifier}, or an
 * {@link LlmJudge} for users who prefer a chat model. A post that cannot be labelled gets a failure that says why,
 * never an exception, so one odd answer costs one label and nothing else.
 */
public interface EmotionLabeller {

    /** A post's emotion and polarity, or (both null) the reason it has none. */
    record Label(Emotion emotion, Polarity polarity, String failure) {
        public static Label of(Emotion emotion, Polarity polarity) {
            return new Label(emotion, polarity, null);
        }

        public static Label failed(String failure) {
            return new Label(null, null, failure);
        }

        public boolean labelled() {
            return emotion != null;
        }
    }

    /** The labels of {@code texts}, in their order. */
    List<Label> labelAll(List<String> texts);
}
