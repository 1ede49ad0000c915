package socialalign.pipeline.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * One news event of the public Weibo responses dataset ({@code events.jsonl.gz}): the news (source) post and
 * its metadata. Ids are strings, as in the files.
 *
 * @param eventId             Rumdect event id; equals {@code sourceMid} in the public release
 * @param sourceMid           mid of the news post
 * @param split               {@code "train"} or {@code "test"}
 * @param newsText            text of the news post (emoticon codes, hashtags, 【titles】 and links kept)
 * @param authorName          screen name of the news account
 * @param authorUid           uid of the news account
 * @param createdAt           posting time, ISO-8601 UTC
 * @param createdAtUnix       posting time in Unix seconds
 * @param topic               text of the first {@code #…#} hashtag, else the 【…】 title, else {@code null}
 * @param title               the 【…】 headline, or {@code null}
 * @param rumourLabel         1 = rumour, 0 = non-rumour, or {@code null}
 * @param responsesTotal      all reposts and comments in the source, with or without text
 * @param responsesWithText   responses that count, before the per-event cap
 * @param responsesReleased   responses of this event in the release
 */
public record WeiboEvent(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("source_mid") String sourceMid,
        @JsonProperty("split") String split,
        @JsonProperty("news_text") String newsText,
        @JsonProperty("author_name") String authorName,
        @JsonProperty("author_uid") String authorUid,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("created_at_unix") long createdAtUnix,
        @JsonProperty("topic") String topic,
        @JsonProperty("title") String title,
        @JsonProperty("rumour_label") Integer rumourLabel,
        @JsonProperty("n_responses_total") int responsesTotal,
        @JsonProperty("n_responses_with_text") int responsesWithText,
        @JsonProperty("n_responses_released") int responsesReleased) {

    public WeiboEvent {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(newsText, "news_text");
    }

    /** Whether the event belongs to the train split. */
    public boolean isTrain() {
        return Split.TRAIN.equals(split);
    }
}
