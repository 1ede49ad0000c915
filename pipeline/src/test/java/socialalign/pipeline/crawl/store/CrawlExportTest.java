package socialalign.pipeline.crawl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.fake.FakeData;
import socialalign.pipeline.crawl.fake.FakeWeibo;
import socialalign.pipeline.crawl.fake.FakeWeiboFixture;
import socialalign.pipeline.crawl.fake.FaultPlan;
import socialalign.pipeline.crawl.search.SearchOptions;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

class CrawlExportTest {

    @TempDir
    Path dir;

    @Test
    void writesJsonlAndTheReferenceLayouts() throws Exception {
        FakeData data = FakeWeiboFixture.small();
        Path out = dir.resolve("out");
        List<WeiboPost> results;
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.none(), FakeWeiboFixture.NOW);
             var s = new FakeWeiboFixture.Session(fake, dir.resolve("e.db"))) {
            s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY2, FakeWeiboFixture.DAY2, SearchOptions.reference());
            s.users.crawl(List.of("1000007919"), FakeWeiboFixture.NOW.toLocalDate().minusDays(3650), 1);
            results = s.store.queryResults(Source.SEARCH, FakeWeiboFixture.KEYWORD);
            new CrawlExport(s.store).all(out);
        }

        byte[] csvBytes = Files.readAllBytes(out.resolve("search/%23测试话题%23/%23测试话题%23.csv"));
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(csvBytes[0], csvBytes[1], csvBytes[2]), "UTF-8 BOM as utf-8-sig");
        String csv = new String(csvBytes, 3, csvBytes.length - 3, StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("id,bid,user_id,用户昵称,微博正文,头条文章url,发布位置,艾特用户,话题,转发数,评论数,点赞数,发布时间,发布工具,微博图片url,微博视频url,retweet_id,ip,user_authentication\r\n"));
        WeiboPost first = results.getFirst();
        String firstRow = csv.split("\r\n")[1];
        assertTrue(firstRow.startsWith(first.id() + "," + first.bid() + "," + first.userId() + "," + first.screenName() + ",\""),
                "text with a newline is quoted: " + firstRow);
        assertEquals(results.size() + 1, csv.split("\r\n(?=\\d{16},)").length, "one row per stored result");

        List<String> posts = Files.readAllLines(out.resolve("posts.jsonl"));
        JsonNode line = new ObjectMapper().readTree(posts.getFirst());
        assertEquals("search", line.get("source").asText());
        assertTrue(posts.size() > results.size(), "search results plus the timeline");

        JsonNode user = new ObjectMapper().readTree(out.resolve("weibo/1000007919/1000007919.json").toFile());
        assertEquals("1000007919", user.at("/user/id").asText());
        JsonNode firstPost = user.get("weibo").get(0);
        assertEquals(data.timelines().get("1000007919").getFirst().post().id(), firstPost.get("id").asText());
        assertTrue(firstPost.get("id").isIntegralNumber(), "id is an int, as the reference's");
        assertTrue(user.get("weibo").findValues("retweet").size() > 0, "reposts carry the nested original");
        assertTrue(Files.readString(out.resolve("weibo/users.csv")).contains("1000007919,用户07919,"));
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".tmp")).count(), "no temporary file is left");
        }
    }
}
