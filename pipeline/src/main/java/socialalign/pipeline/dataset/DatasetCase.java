package socialalign.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One case of the raw dataset (spec B6): a user, the news of a topic, the user's real post about it (the target,
 * {@code weibo}) and the user's most relevant history posts (BM25, best first), the target itself excluded.
 *
 * @param caseId      {@code topicId/targetId}, unique
 * @param topicId     the topic's id (the event id for the public dataset)
 * @param topic       the hashtag text shown as {@code #topic#} in the prompts
 * @param news        the news text, verbatim
 * @param split       the source's split of the topic ({@code train}/{@code test}), or empty when it has none
 * @param uid         the user's id
 * @param userName    the user's screen name
 * @param description the user's self-description (never used in prompts, as in the reference)
 * @param gender      the user's gender (never used in prompts)
 * @param targetId    id of the target post
 * @param weibo       the cleaned target post: the training output
 * @param historySize how many history posts were eligible before retrieval
 * @param history     the retrieved history posts, best first (at most 5)
 */
public record DatasetCase(
        @JsonProperty("case_id") String caseId,
        @JsonProperty("topic_id") String topicId,
        @JsonProperty("topic") String topic,
        @JsonProperty("news") String news,
        @JsonProperty("split") String split,
        @JsonProperty("uid") String uid,
        @JsonProperty("user_name") String userName,
        @JsonProperty("description") String description,
        @JsonProperty("gender") String gender,
        @JsonProperty("target_id") String targetId,
        @JsonProperty("weibo") String weibo,
        @JsonProperty("history_size") int historySize,
        @JsonProperty("history") List<HistoryPost> history) {

    public DatasetCase {
        history = List.copyOf(history);
    }
}
