package socialalign.pipeline.evaluate;

/**
 * The macro level of one event: the labels of its predicted posts (one per test user) against those of all its real
 * responses.
 *
 * @param topicId   the event
 * @param topic     its hashtag
 * @param predicted labels of the predicted posts
 * @param real      labels of every real response of the event (the crowd)
 * @param polarity  distances between the polarity distributions
 * @param emotion   distances between the emotion distributions
 */
public record EventScores(String topicId, String topic, LabelCounts predicted, LabelCounts real, Distances polarity,
                          Distances emotion) {

    public static EventScores of(String topicId, String topic, LabelCounts predicted, LabelCounts real) {
        return new EventScores(topicId, topic, predicted, real,
                Distances.of(predicted.polarityDistribution(), real.polarityDistribution(), true),
                Distances.of(predicted.emotionDistribution(), real.emotionDistribution(), false));
    }
}
