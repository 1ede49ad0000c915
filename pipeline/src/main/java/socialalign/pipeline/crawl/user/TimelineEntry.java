package socialalign.pipeline.crawl.user;

import socialalign.pipeline.crawl.WeiboPost;

/**
 * One post of a user's timeline page (spec A3 {@code get_one_weibo}).
 *
 * @param post            the user's post; for a repost its {@code retweetId} names {@code retweet}
 * @param retweet         the reposted original, or {@code null}
 * @param pinned          {@code mblog.isTop}: exempt from the {@code since_date} stop
 * @param longText        the text is cut and must be re-fetched from the detail page ({@code isLongText} or more than 9 pictures)
 * @param retweetLongText the same for the original
 */
public record TimelineEntry(WeiboPost post, WeiboPost retweet, boolean pinned, boolean longText, boolean retweetLongText) {}
