package socialalign.pipeline.crawl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/** Imports the dataset's sample (5 events, 247 responses, 221 users; a copy lives in the test resources). */
class DatasetImporterTest {

    @TempDir
    Path dir;

    private static Path sample() throws URISyntaxException {
        return Path.of(DatasetImporterTest.class.getResource("/weibo-responses-sample/events.jsonl").toURI()).getParent();
    }

    @Test
    void importsEventsResponsesAndUsersIdempotently() throws Exception {
        List<String> log = new ArrayList<>();
        try (CrawlStore store = CrawlStore.open(dir.resolve("i.db"))) {
            DatasetImporter importer = new DatasetImporter(store, log::add);
            assertEquals(new DatasetImporter.Counts(5, 247, 221), importer.importFolder(sample()));
            importer.importFolder(sample());

            assertEquals(5 + 247, store.posts(Source.IMPORT).size(), "a second import stores nothing twice");
            assertEquals(221, store.users().size());
            assertEquals(5, store.queries(Source.IMPORT).size(), "one query per event");

            // uid 2295630853 answers 2 of the 5 events: their responses form a timeline, newest first.
            List<WeiboPost> timeline = store.userPosts("2295630853", Source.IMPORT);
            assertTrue(timeline.size() >= 2, "responses of 2295630853: " + timeline.size());
            for (int i = 1; i < timeline.size(); i++) {
                assertTrue(!timeline.get(i).createdAt().isAfter(timeline.get(i - 1).createdAt()));
            }
            String event = store.queries(Source.IMPORT).getFirst();
            List<WeiboPost> results = store.queryResults(Source.IMPORT, event);
            assertEquals(event, results.getFirst().id(), "the news post comes first, then its responses in time order");
            WeiboPost response = results.get(1);
            assertTrue(!response.retweetId().isEmpty(), "retweet_id is the post answered");
            assertEquals(response.userId(), store.user(response.userId()).orElseThrow().id());
            // 2012-09-11T16:06:38Z is 00:06:38 the next day in Beijing.
            assertEquals(LocalDateTime.of(2012, 9, 12, 0, 6, 38), store.post(Source.IMPORT, "3489225288276286").orElseThrow().createdAt());
        }
    }
}
