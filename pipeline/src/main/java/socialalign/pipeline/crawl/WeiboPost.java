package socialalign.pipeline.crawl;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One Weibo post with the fields of the reference crawlers (spec A1 item fields and A3 {@code weibo} items).
 *
 * <p>{@code id} is the numeric mid as a decimal string and {@code bid} its base62 form ({@link Mid});
 * counts are parsed numbers ({@link WeiboCounts}); {@code createdAt} has minute precision for search
 * results and second precision for timelines. {@code retweetId} is the mid of the reposted original
 * ({@code ""} when this is not a repost); {@code ip} is the "发布于" region and {@code userAuthentication}
 * the badge (蓝V, 黄V, 红V, 金V, 普通用户), both {@code ""} when the source does not give them.
 */
public record WeiboPost(
        String id, String bid, String userId, String screenName, String text,
        String articleUrl, String location, String atUsers, String topics,
        long repostsCount, long commentsCount, long attitudesCount,
        LocalDateTime createdAt, String source, List<String> pics, String videoUrl,
        String retweetId, String ip, String userAuthentication) {

    public WeiboPost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        pics = List.copyOf(pics);
    }

    /** This post with the given "发布于" region (filled by a separate request in the search crawl). */
    public WeiboPost withIp(String region) {
        return new WeiboPost(id, bid, userId, screenName, text, articleUrl, location, atUsers, topics,
                repostsCount, commentsCount, attitudesCount, createdAt, source, pics, videoUrl,
                retweetId, region, userAuthentication);
    }
}
