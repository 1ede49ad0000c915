package socialalign.pipeline.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * One response (repost or comment) to a news event ({@code responses.jsonl.gz}).
 *
 * @param eventId       the event it answers
 * @param mid           id of the response post, unique across the release
 * @param uid           its author; join with {@link WeiboUser#uid()}
 * @param parentMid     the post it answers: the event's source mid, or another response of the thread
 * @param split         the split of its event
 * @param createdAt     posting time, ISO-8601 UTC
 * @param createdAtUnix posting time in Unix seconds
 * @param text          the user's own words, without the {@code //@user:} repost chain; never empty
 * @param originalText  the full post, repost chain included
 */
public record WeiboResponse(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("mid") String mid,
        @JsonProperty("uid") String uid,
        @JsonProperty("parent_mid") String parentMid,
        @JsonProperty("split") String split,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("created_at_unix") long createdAtUnix,
        @JsonProperty("text") String text,
        @JsonProperty("original_text") String originalText) {

    public WeiboResponse {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(text, "text");
    }

    /** Whether the response belongs to a train event. */
    public boolean isTrain() {
        return Split.TRAIN.equals(split);
    }
}
