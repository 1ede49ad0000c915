package socialalign.pipeline.crawl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

class CrawlStoreTest {

    @TempDir
    Path dir;

    static WeiboPost post(String id, String ip, long likes) {
        return new WeiboPost(id, "b" + id, "1", "甲", "正文" + id, "", "", "", "", 1, 2, likes,
                LocalDateTime.of(2024, 10, 27, 10, 0), "网页", List.of("https://p/1.jpg", "https://p/2.jpg"), "", "", ip, "蓝V");
    }

    @Test
    void primaryKeysDeduplicateAndALaterSightingNeverBlanksTheRegion() throws Exception {
        try (CrawlStore store = CrawlStore.open(dir.resolve("s.db"))) {
            store.commitQueryPage(Source.SEARCH, "#k#", "task", 1, List.of(post("1", "广东", 5), post("2", "", 6)), null);
            store.commitQueryPage(Source.SEARCH, "#k#", "task", 2, List.of(post("1", "", 7), post("3", "北京", 8)), "done");
            store.commitQueryPage(Source.SEARCH, "#other#", "task2", 1, List.of(post("2", "", 6)), "done");

            assertEquals(List.of(post("1", "广东", 7), post("2", "", 6), post("3", "北京", 8)), store.posts(Source.SEARCH));
            assertEquals(List.of("1", "2", "3"), store.queryResults(Source.SEARCH, "#k#").stream().map(WeiboPost::id).toList());
            assertEquals(List.of("#k#", "#other#"), store.queries(Source.SEARCH));
            assertEquals(2, store.lastPage(Source.SEARCH, "task"));
            assertEquals(Optional.of("done"), store.taskState(Source.SEARCH, "task"));
            assertEquals(List.of(), store.posts(Source.TIMELINE), "sources keep their own copy of a post");
        }
    }

    @Test
    void aFailedCommitLeavesNothingAndTheStoreReopensWhereItWas() throws Exception {
        Path db = dir.resolve("t.db");
        try (CrawlStore store = CrawlStore.open(db)) {
            store.commitQueryPage(Source.SEARCH, "#k#", "task", 1, List.of(post("1", "", 1)), null);
            WeiboPost broken = new WeiboPost("2", "b", "1", "甲", "x", "", "", "", "", 0, 0, 0,
                    LocalDateTime.of(2024, 1, 1, 0, 0), "", List.of(), "", "", "", null);
            assertThrows(SQLException.class, () -> store.commitQueryPage(Source.SEARCH, "#k#", "task", 2,
                    List.of(post("3", "", 1), broken), null));
        }
        try (CrawlStore store = CrawlStore.open(db)) {
            assertEquals(List.of("1"), store.posts(Source.SEARCH).stream().map(WeiboPost::id).toList(), "page 2 rolled back as a whole");
            assertEquals(1, store.lastPage(Source.SEARCH, "task"));
        }
    }
}
