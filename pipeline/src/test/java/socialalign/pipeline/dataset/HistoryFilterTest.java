package socialalign.pipeline.dataset;

import org.junit.jupiter.api.Test;
import socialalign.pipeline.dataset.clean.ExclusionLists;
import socialalign.pipeline.dataset.clean.HistoryFilter;
import socialalign.pipeline.dataset.clean.HistorySettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Spec B3 and B4: each exclusion and filter rule, in the reference's order. */
class HistoryFilterTest {
    private final HistoryFilter reference = new HistoryFilter(HistorySettings.reference());

    private static HistoryPost post(String text, String topics) {
        return new HistoryPost("1", text, topics, "2024-01-01", 0, null);
    }

    private static HistoryPost repost(String text, String topics, String retweetText, String retweetTopics) {
        return new HistoryPost("1", text, topics, "2024-01-01", 0, new HistoryPost.Retweet(retweetText, retweetTopics, ""));
    }

    private Object outcome(HistoryPost p) {
        return switch (reference.apply(p, "某用户")) {
            case HistoryFilter.Kept k -> k.post();
            case HistoryFilter.Dropped d -> d.reason();
        };
    }

    @Test
    void theListsAreTheReferencesVerbatim() {
        ExclusionLists lists = ExclusionLists.reference();
        assertEquals(107, lists.topics().size());
        assertEquals(244, lists.texts().size());
        assertEquals(241, lists.texts().stream().distinct().count());
        assertEquals(13, lists.retweetTopics().size());
        assertEquals(51, lists.retweetTexts().size());
        assertEquals("肖战", lists.topics().getFirst());
        assertEquals("一念关山", lists.texts().getLast());
        assertEquals("官宣", lists.retweetTexts().getLast());
    }

    @Test
    void eachRuleDropsInOrder() {
        // b. retweet topics; c. retweet text (checked before the post's own lists).
        assertEquals(DropReason.RETWEET_TOPIC_EXCLUDED, outcome(repost("好看", "电影节目", "原文", "粉丝生日会")));
        assertEquals(DropReason.RETWEET_TEXT_EXCLUDED, outcome(repost("好看", "电影节目", "微博之夜现场", "电影节目")));
        // d. topics and texts, single characters included: 美 drops 美国, @ drops any mention.
        assertEquals(DropReason.TOPIC_EXCLUDED, outcome(post("今天", "我的美食日记")));
        assertEquals(DropReason.TEXT_EXCLUDED, outcome(post("美国大选", "国际新闻")));
        assertEquals(DropReason.TEXT_EXCLUDED, outcome(post("回复@张三:同意", "国际新闻")));
        assertEquals(DropReason.SCREEN_NAME_IN_TEXT, outcome(post("我是某用户啊", "国际新闻")));
        // e. a topic of 3 code points or fewer; f. only hashtags; g. empty text, then no topic.
        assertEquals(DropReason.SHORT_TOPIC, outcome(post("天气不错", "国际新闻,天气")));
        assertEquals(DropReason.ONLY_HASHTAGS, outcome(post("#国际新闻# #天气不错#", "国际新闻")));
        assertEquals(DropReason.EMPTY_TEXT, outcome(post("网页链接", "国际新闻")));
        assertEquals(DropReason.NO_TOPIC, outcome(post("天气不错", "")));
    }

    @Test
    void topicLengthCountsCodePoints() {
        // Four code points, eight UTF-16 units in Java: kept, as Python's len() sees 4.
        assertEquals(post("天气不错", "😀😀😀😀"), outcome(post("天气不错", "😀😀😀😀")));
        assertEquals(DropReason.SHORT_TOPIC, outcome(post("天气不错", "😀😀😀")));
    }

    @Test
    void aKeptPostIsCleaned() {
        HistoryPost kept = (HistoryPost) outcome(repost("看\u3000看 网页链接", "国际新闻,热门视频", "原文\n新华社的微博视频", "x"));
        assertEquals("看 看", kept.text());
        assertEquals("国际新闻", kept.topics());
        assertEquals("原文", kept.retweet().text());
    }

    @Test
    void anEmptyScreenNameDropsNothing() {
        // Defect F10: the reference appends '' to exclude_texts and so drops every post of such a user.
        HistoryPost p = post("天气不错", "国际新闻");
        assertEquals(new HistoryFilter.Kept(p), reference.apply(p, ""));
    }

    @Test
    void settingsForTheSharedDatasetKeepUntaggedPosts() {
        HistoryFilter shared = new HistoryFilter(new HistorySettings(ExclusionLists.reference(), 0, false, true));
        HistoryPost p = post("天气不错 #万象#", "万象");
        assertEquals(new HistoryFilter.Kept(p), shared.apply(p, "某用户"));
    }
}
