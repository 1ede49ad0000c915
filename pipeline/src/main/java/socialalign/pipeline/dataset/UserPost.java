package socialalign.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A cleaned history post that survived filtering, with its author and the topic it answered: one line of the
 * history stage's output.
 *
 * @param uid     the author
 * @param topicId the topic (event) the post belongs to
 * @param post    the cleaned post
 */
public record UserPost(
        @JsonProperty("uid") String uid,
        @JsonProperty("topic_id") String topicId,
        @JsonProperty("post") HistoryPost post) {
}
