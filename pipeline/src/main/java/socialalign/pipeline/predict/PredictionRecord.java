package socialalign.pipeline.predict;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of a predictions file: the case, the post the system wrote, the real post, and both posts' sentiment
 * from the same classifier.
 *
 * @param caseId            the case ({@code topicId/targetId})
 * @param topicId           the event
 * @param topic             the event's hashtag
 * @param uid               the user
 * @param userName          the user's screen name
 * @param system            the name of the system that predicted (base, lora, pac-token, ...)
 * @param prediction        the generated post, special tokens dropped and stripped (spec D1)
 * @param real              the user's real post
 * @param predictedEmotion  the emotion of the prediction ({@code happy}, {@code neutral}, ...); null when the labeller
 *                          (an LLM judge) could not label it, as every label below
 * @param predictedPolarity its polarity ({@code negative}, {@code neutral}, {@code positive})
 * @param realEmotion       the emotion of the real post
 * @param realPolarity      its polarity
 * @param newTokens         tokens generated
 * @param stop              why generation ended: {@code stop_token} or {@code max_new_tokens}
 * @param seed              the sampling seed of this case: the same model, prompt and seed give the same post
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"case_id", "topic_id", "topic", "uid", "user_name", "system", "prediction", "real",
        "predicted_emotion", "predicted_polarity", "real_emotion", "real_polarity", "new_tokens", "stop", "seed"})
public record PredictionRecord(
        @JsonProperty("case_id") String caseId,
        @JsonProperty("topic_id") String topicId,
        @JsonProperty("topic") String topic,
        @JsonProperty("uid") String uid,
        @JsonProperty("user_name") String userName,
        @JsonProperty("system") String system,
        @JsonProperty("prediction") String prediction,
        @JsonProperty("real") String real,
        @JsonProperty("predicted_emotion") String predictedEmotion,
        @JsonProperty("predicted_polarity") String predictedPolarity,
        @JsonProperty("real_emotion") String realEmotion,
        @JsonProperty("real_polarity") String realPolarity,
        @JsonProperty("new_tokens") int newTokens,
        @JsonProperty("stop") String stop,
        @JsonProperty("seed") long seed) {
}
