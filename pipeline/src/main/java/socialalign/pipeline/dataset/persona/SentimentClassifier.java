package socialalign.pipeline.dataset.persona;

/**
 * A post-level sentiment classifier, the plug-in point for the persona's 情感基调 (emotional tone): the offline
 * extractor reports the balance of its labels over the user's history when one is given.
 */
@FunctionalInterface
public interface SentimentClassifier {
    /** The three tones the persona prompt names: 积极, 消极, 中立. */
    enum Sentiment {
        POSITIVE("积极"), NEGATIVE("消极"), NEUTRAL("中立");

        private final String chinese;

        Sentiment(String chinese) {
            this.chinese = chinese;
        }

        /** The label as the persona prompt words it. */
        public String chinese() {
            return chinese;
        }
    }

    /** The sentiment of one post text. */
    Sentiment classify(String text);
}
