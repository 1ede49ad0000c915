package socialalign.pipeline.crawl.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.WeiboPost;

class SearchPageParserTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2024, 10, 28, 12, 34, 56);
    private final SearchPageParser parser = new SearchPageParser();

    static String resource(String name) throws IOException {
        try (InputStream in = SearchPageParserTest.class.getResourceAsStream("/socialalign/pipeline/crawl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static WeiboPost post(String id, String bid, String uid, String name, String text, String article,
                                  String location, String at, String topics, long reposts, long comments, long likes,
                                  LocalDateTime created, String source, List<String> pics, String video,
                                  String retweet, String badge) {
        return new WeiboPost(id, bid, uid, name, text, article, location, at, topics, reposts, comments, likes,
                created, source, pics, video, retweet, "", badge);
    }

    @Test
    void parsesEveryFieldOfTheSpecA1CardLayouts() throws Exception {
        SearchPage page = parser.parse(resource("search-cards.html"), NOW);

        assertEquals(3, page.pageCount());
        assertTrue(page.hasNext());
        List<WeiboPost> posts = page.posts();
        assertEquals(6, posts.size(), "4 cards, 2 of them reposts whose originals come first; the card without info is skipped");

        // Long post without repost: content_full[0], location removed, first 2 chars and spaces dropped, last 4 (收起) dropped.
        assertEquals(post("5093847561234567", "Pabc123XY", "1111111111", "新闻速递", "【标题】今天@张三说了#话题#和#话题#完", "",
                "北京·朝阳区", "张三", "话题", 10_000, 0, 32_000, LocalDateTime.of(2024, 10, 28, 12, 29), "iPhone 15 Pro",
                List.of("https://wx3.sinaimg.cn/large/001abc.jpg", "https://wx4.sinaimg.cn/large/002def.jpg"), "", "", "蓝V"), posts.get(0));

        // Two full nodes: the first is the post's, the second the repost's; the original inherits the card's pictures.
        assertEquals(post("5093000000000001", "Oxyz987AB", "2222222222", "原作者", "原文很长很长内容", "", "", "", "",
                200_000_000, 45, 67, LocalDateTime.of(2024, 10, 20, 8, 0), "微博网页版",
                List.of("https://wx1.sinaimg.cn/large/0033aa.jpg"), "", "", ""), posts.get(1));
        assertEquals(post("5093847561234999", "Qdef456ZZ", "3333333333", "转发者", "转发理由很长", "", "", "", "",
                0, 12, 0, LocalDateTime.of(2024, 10, 28, 9, 15), "", List.of(), "", "5093000000000001", "普通用户"), posts.get(2));

        // Only the repost card has a full node: the post keeps p.txt (and its trailing newline), the repost is long.
        assertEquals(post("5093000000000002", "Rghi789AA", "5555555555", "第三方", "第三条原文很长", "", "", "", "",
                0, 3, 10_000, LocalDateTime.of(2024, 10, 28, 12, 34), "", List.of(), "", "", ""), posts.get(3));
        assertEquals(post("5093847561235000", "Sjkl000BB", "4444444444", "短评", "好的@李四\n", "", "", "李四", "",
                5, 0, 8, LocalDateTime.of(2023, 5, 6, 7, 8), "HUAWEI Mate 60", List.of(), "", "5093000000000002", "金V"), posts.get(4));

        // 头条文章 link, video-player src, no avator div: no badge at all.
        assertEquals(post("5093847561235111", "Tmno111CC", "6666666666", "头条作者", "发布了头条文章：《标题》O网页链接\n",
                "http://t.cn/A6abcdef", "", "", "", 0, 0, 0, LocalDateTime.of(2024, 10, 28, 11, 34), "", List.of(),
                "http://f.video.weibocdn.com/o0/abc.mp4?label=mp4_hd&template=852x480", "", ""), posts.get(5));
    }

    @Test
    void recognisesTheNoResultCard() throws Exception {
        SearchPage page = parser.parse("<html><body><div class=\"card card-no-result s-pt20b40\"><p>抱歉，未找到相关结果。</p></div></body></html>", NOW);
        assertTrue(page.noResult());
        assertEquals(List.of(), page.posts());
    }

    @Test
    void rejectsPagesThatAreNoneOfTheLayouts() {
        MalformedPageException cut = assertThrows(MalformedPageException.class,
                () -> parser.parse("<html><body><div class=\"card-wrap\" mid=\"1\"><div class=\"ca", NOW));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        MalformedPageException empty = assertThrows(MalformedPageException.class,
                () -> parser.parse("<html><body><div class=\"card-wrap\" mid=\"1\"></div></body></html>", NOW));
        assertTrue(empty.getMessage().contains("no result cards"), empty.getMessage());
        assertThrows(MalformedPageException.class, () -> parser.parse("<html><head><title>Sina Visitor System</title></head></html>", NOW));
    }

    @Test
    void aCardMissingARequiredNodeIsReportedWithItsMid() {
        String html = """
                <div class="card-wrap" mid="42"><div class="card"><div class="card-feed"><div class="content">
                <div class="info"><div></div><div><a href="//weibo.com/1" nick-name="x">x</a></div></div>
                <p class="txt">\n  正文</p></div></div></div></div></html>""";
        MalformedPageException e = assertThrows(MalformedPageException.class, () -> parser.parse(html, NOW));
        assertTrue(e.getMessage().startsWith("card mid=42"), e.getMessage());
    }
}
