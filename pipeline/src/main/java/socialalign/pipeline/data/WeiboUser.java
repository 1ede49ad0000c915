package socialalign.pipeline.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A responding user's profile ({@code users.jsonl.gz}), a snapshot taken at crawl time.
 *
 * @param uid           user id
 * @param screenName    nickname
 * @param gender        {@code "m"} or {@code "f"}
 * @param location      {@code "省 市"} as typed by the user
 * @param description   self-description, may be empty
 * @param followers     follower count
 * @param friends       number of accounts followed
 * @param statuses      number of posts
 * @param verified      Weibo "V" verification
 * @param verifiedType  old Weibo API code: -1 none, 0 personal V, 1–7 organisations, 10/200/220 badges
 * @param createdAt     account creation time, ISO-8601 UTC
 * @param createdAtUnix the same in Unix seconds
 */
public record WeiboUser(
        @JsonProperty("uid") String uid,
        @JsonProperty("screen_name") String screenName,
        @JsonProperty("gender") String gender,
        @JsonProperty("location") String location,
        @JsonProperty("description") String description,
        @JsonProperty("followers") long followers,
        @JsonProperty("friends") long friends,
        @JsonProperty("statuses") long statuses,
        @JsonProperty("verified") boolean verified,
        @JsonProperty("verified_type") int verifiedType,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("created_at_unix") long createdAtUnix) {

    public WeiboUser {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(screenName, "screen_name");
    }
}
