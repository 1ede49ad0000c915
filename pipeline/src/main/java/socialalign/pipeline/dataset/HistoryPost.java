package socialalign.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A post of a user's history after the reference's field reduction (spec B4 step 1): the fields every later stage
 * reads. {@code topics} is the crawler's comma-joined hashtag topics string; posts of the public dataset get it
 * from their inline hashtags.
 *
 * @param id        post id (mid)
 * @param text      post text
 * @param topics    comma-joined topics, may be empty
 * @param postTime  posting time as the source gives it
 * @param postTimeUnix posting time in Unix seconds, 0 when unknown
 * @param retweet   the reposted post, or {@code null} for an original post
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPost(
        @JsonProperty("id") String id,
        @JsonProperty("text") String text,
        @JsonProperty("topics") String topics,
        @JsonProperty("post_time") String postTime,
        @JsonProperty("post_time_unix") long postTimeUnix,
        @JsonProperty("retweet") Retweet retweet) {

    /**
     * The reposted post of a repost (it has no id in the reference).
     *
     * @param text     retweet text
     * @param topics   comma-joined topics of the retweet
     * @param postTime posting time of the retweet
     */
    public record Retweet(
            @JsonProperty("text") String text,
            @JsonProperty("topics") String topics,
            @JsonProperty("post_time") String postTime) {
    }

    /** The same post with another text, topics and retweet (the cleaned one). */
    public HistoryPost withContent(String newText, String newTopics, Retweet newRetweet) {
        return new HistoryPost(id, newText, newTopics, postTime, postTimeUnix, newRetweet);
    }

    /** The BM25 document of spec B5: the text, followed by a space and the retweet text for a repost. */
    public String retrievalDocument() {
        return retweet == null ? text : text + " " + retweet.text();
    }
}
