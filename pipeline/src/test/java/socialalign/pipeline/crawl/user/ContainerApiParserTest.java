package socialalign.pipeline.crawl.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;

class ContainerApiParserTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2024, 10, 28, 12, 0);
    private final ContainerApiParser parser = new ContainerApiParser();

    @Test
    void profileAndDetails() throws Exception {
        WeiboUser user = parser.profile(parser.json("""
                {"ok":1,"data":{"userInfo":{"id":1669879400,"screen_name":"Dear-迪丽热巴","gender":"f",
                 "statuses_count":1522,"followers_count":"8120万","follow_count":265,"description":"工作联系",
                 "profile_url":"https://m.weibo.cn/u/1669879400","profile_image_url":"https://tvax1/p.jpg",
                 "avatar_hd":"https://tvax1/hd.jpg","urank":48,"mbrank":7,"verified":true,"verified_type":0,
                 "verified_reason":"演员"}}}"""), "1669879400");
        user = parser.details(parser.json("""
                {"ok":1,"data":{"cards":[
                  {"card_type":11,"card_group":[{"item_name":"生日","item_content":"1992-06-03"},{"item_name":"所在地","item_content":"上海"}]},
                  {"card_type":11,"card_group":[{"item_name":"高中","item_content":"乌鲁木齐一中"},{"item_name":"大学","item_content":"上海戏剧学院"},
                   {"item_name":"注册时间","item_content":"2010-10-13"},{"item_name":"阳光信用","item_content":"信用极好"},{"item_name":"标签","item_content":"x"}]},
                  {"card_type":11,"card_group":[{"item_name":"公司","item_content":"never read: only the first two cards"}]}]}}"""), user);
        assertEquals(new WeiboUser("1669879400", "Dear-迪丽热巴", "f", "1992-06-03", "上海", "上海戏剧学院", "", "2010-10-13",
                "信用极好", 1522, 81_200_000, 265, "工作联系", "https://m.weibo.cn/u/1669879400", "https://tvax1/p.jpg",
                "https://tvax1/hd.jpg", 48, 7, true, 0, "演员"), user);
        assertThrows(MalformedPageException.class, () -> parser.profile(parser.json("{\"ok\":0,\"msg\":\"用户不存在\"}"), "1"));
    }

    @Test
    void timelineCardsTextRulesRetweetsAndFlags() throws Exception {
        List<TimelineEntry> entries = parser.timeline(parser.json("""
                {"ok":1,"data":{"cards":[
                 {"card_type":11,"card_group":[{"card_type":9,"mblog":{"id":"5090000000000001","bid":"Pa1","isTop":1,
                   "created_at":"Mon Jan 01 08:00:00 +0800 2024","text":"置顶","source":"","reposts_count":0,
                   "comments_count":0,"attitudes_count":0,"user":{"id":1,"screen_name":"甲"}}}]},
                 {"card_type":9,"mblog":{"id":"5090000000000002","bid":"Pa2","created_at":"Sat Oct 26 10:00:00 +0800 2024",
                   "text":"早上好 <a href='/n/王五'>@王五</a> 一起看<a href=\\"https://m.weibo.cn/search?containerid=231522\\"><span class=\\"surl-text\\">#话题#</span></a><br />第二行<span class=\\"url-icon\\"><img src=\\"https://h5.sinaimg.cn/upload/2015/09/25/3/timeline_card_small_location_default.png\\"></span><span class=\\"surl-text\\">北京·三里屯</span>\\u200b",
                   "source":"iPhone客户端","reposts_count":3,"comments_count":"1万+","attitudes_count":"2.5万","pic_num":1,
                   "pics":[{"url":"https://wx1.sinaimg.cn/orj360/a.jpg","large":{"url":"https://wx1.sinaimg.cn/large/a.jpg"}}],
                   "page_info":{"type":"video","media_info":{"mp4_720p_mp4":"","mp4_hd_url":"https://f.video/hd.mp4"}},
                   "user":{"id":1,"screen_name":"甲"}}},
                 {"card_type":9,"mblog":{"id":"5090000000000003","bid":"Pa3","created_at":"5分钟前","text":"转发微博",
                   "source":"","reposts_count":0,"comments_count":0,"attitudes_count":0,"isLongText":false,"user":{"id":1,"screen_name":"甲"},
                   "retweeted_status":{"id":"5080000000000009","bid":"Oz9","created_at":"昨天 09:30","text":"原文","isLongText":true,
                     "source":"","reposts_count":"100万+","comments_count":1,"attitudes_count":2,"user":{"id":2,"screen_name":"乙"}}}},
                 {"card_type":31,"title":"not a post"}]}}"""), NOW);

        assertEquals(3, entries.size());
        assertTrue(entries.get(0).pinned());
        assertEquals("置顶", entries.get(0).post().text());

        WeiboPost p = entries.get(1).post();
        // Text nodes joined by newlines; a node starting with @ or # (or following one) is glued to the previous.
        // The trailing \u200b is a text node of its own: removed only after the join, it leaves its newline, as in the reference.
        assertEquals("早上好 @王五 一起看#话题#第二行\n北京·三里屯\n", p.text());
        assertEquals("王五", p.atUsers());
        assertEquals("话题", p.topics());
        assertEquals("北京·三里屯", p.location());
        assertEquals(LocalDateTime.of(2024, 10, 26, 10, 0), p.createdAt());
        assertEquals(List.of(3L, 10_000L, 25_000L), List.of(p.repostsCount(), p.commentsCount(), p.attitudesCount()));
        assertEquals(List.of("https://wx1.sinaimg.cn/large/a.jpg"), p.pics());
        assertEquals("https://f.video/hd.mp4", p.videoUrl());
        assertFalse(entries.get(1).longText());
        assertNull(entries.get(1).retweet());

        TimelineEntry repost = entries.get(2);
        assertEquals("5080000000000009", repost.post().retweetId());
        assertEquals(NOW.minusMinutes(5), repost.post().createdAt());
        assertEquals("乙", repost.retweet().screenName());
        assertEquals(1_000_000, repost.retweet().repostsCount());
        assertEquals(LocalDateTime.of(2024, 10, 27, 9, 30), repost.retweet().createdAt());
        assertTrue(repost.retweetLongText());
    }

    @Test
    void theEndOfATimelineIsAnEmptyPage() throws Exception {
        assertEquals(List.of(), parser.timeline(parser.json("{\"ok\":0,\"msg\":\"这里还没有内容\",\"data\":{\"cards\":[]}}"), NOW));
        assertThrows(MalformedPageException.class, () -> parser.json("{\"ok\":1,\"data\":{\"cards\":["));
    }

    @Test
    void detailPageStatusWithRawNewlines() throws Exception {
        String html = "<html><body><script>var $render_data = [{\n\"status\": {\"id\": \"5090000000000004\", \"bid\": \"Pa4\","
                + " \"created_at\": \"Sat Oct 26 10:00:00 +0800 2024\", \"text\": \"很长的全文\n第二段\", \"user\": {\"id\": 1, \"screen_name\": \"甲\"}},\n"
                + "\"call\": \"\"\n}][0] || {};</script></body></html>";
        assertEquals("很长的全文\n第二段", parser.detail(html, NOW).text());
        assertThrows(MalformedPageException.class, () -> parser.detail("<html>登录</html>", NOW));
    }
}
