package socialalign.pipeline.dataset.clean;

import socialalign.pipeline.dataset.DropReason;
import socialalign.pipeline.dataset.HistoryPost;

/**
 * The per-post filter of {@code clean_user_history.py} (spec B4 step 2): cleans a history post and keeps it or
 * names the first rule that drops it, testing the rules in the reference's order. Unlike the reference it never
 * mutates shared lists: the user's screen name is a separate test.
 */
public final class HistoryFilter {
    private final HistorySettings settings;

    public HistoryFilter(HistorySettings settings) {
        this.settings = settings;
    }

    /** What became of one post. */
    public sealed interface Outcome permits Kept, Dropped {
    }

    /** The post survives, cleaned. */
    public record Kept(HistoryPost post) implements Outcome {
    }

    /** The post is dropped by the named rule. */
    public record Dropped(DropReason reason) implements Outcome {
    }

    /** Cleans {@code post} of the user named {@code screenName} and applies rules b–g. */
    public Outcome apply(HistoryPost post, String screenName) {
        // a. clean_topics and clean_text; the retweet's topics are left as they are, as in the reference.
        String topics = TextCleaner.cleanTopics(post.topics());
        String text = TextCleaner.clean(post.text());
        HistoryPost.Retweet retweet = post.retweet() == null ? null
                : new HistoryPost.Retweet(TextCleaner.clean(post.retweet().text()), post.retweet().topics(), post.retweet().postTime());
        ExclusionLists lists = settings.exclusions();

        if (retweet != null && ExclusionLists.firstContained(lists.retweetTopics(), retweet.topics()) != null) {
            return new Dropped(DropReason.RETWEET_TOPIC_EXCLUDED);
        }
        if (retweet != null && ExclusionLists.firstContained(lists.retweetTexts(), retweet.text()) != null) {
            return new Dropped(DropReason.RETWEET_TEXT_EXCLUDED);
        }
        if (ExclusionLists.firstContained(lists.topics(), topics) != null) {
            return new Dropped(DropReason.TOPIC_EXCLUDED);
        }
        if (ExclusionLists.firstContained(lists.texts(), text) != null) {
            return new Dropped(DropReason.TEXT_EXCLUDED);
        }
        if (settings.excludeScreenName() && !screenName.isEmpty() && text.contains(screenName)) {
            return new Dropped(DropReason.SCREEN_NAME_IN_TEXT);
        }
        if (hasShortTopic(topics)) {
            return new Dropped(DropReason.SHORT_TOPIC);
        }
        if (Hashtags.isOnlyHashtags(text)) {
            return new Dropped(DropReason.ONLY_HASHTAGS);
        }
        if (text.isEmpty()) {
            return new Dropped(DropReason.EMPTY_TEXT);
        }
        if (settings.requireTopics() && topics.isEmpty()) {
            return new Dropped(DropReason.NO_TOPIC);
        }
        return new Kept(post.withContent(text, topics, retweet));
    }

    /** B4 e: a topic (split on {@code ,}, stripped, non-empty) shorter than the minimum, in code points. */
    private boolean hasShortTopic(String topics) {
        for (String part : topics.split(",", -1)) {
            String topic = PythonWhitespace.strip(part);
            if (!topic.isEmpty() && topic.codePointCount(0, topic.length()) < settings.minTopicLength()) {
                return true;
            }
        }
        return false;
    }
}
