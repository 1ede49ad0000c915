package socialalign.pipeline.crawl.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/** SIGKILLs a crawler process at random points and restarts it: nothing is lost and nothing is stored twice. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against hangs, not a speed check
class KillRestartTest {

    @TempDir
    Path dir;

    private static Process start(FakeWeibo fake, Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrawlChild.class.getName(), fake.base().toString(), db.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void killedAtRandomPointsAndRestartedTheCrawlEndsWithExactlyTheRecords() throws Exception {
        FakeData data = FakeWeiboFixture.big();
        Path db = dir.resolve("killed.db");
        Random random = new Random(2024);
        List<Integer> committedAtKill = new ArrayList<>();
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.none(), FakeWeiboFixture.NOW)) {
            for (int kill = 0; kill < 4; kill++) {
                Process child = start(fake, db);
                long before = fake.requests();
                // Let it get past JVM start-up and into the crawl, then kill it without warning (SIGKILL).
                while (fake.requests() < before + 5 && child.isAlive()) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(400));
                child.destroyForcibly().waitFor();
                try (CrawlStore store = CrawlStore.open(db)) {
                    committedAtKill.add(store.posts(Source.SEARCH).size());
                }
            }
            Process last = start(fake, db);
            assertTrue(last.waitFor(3, TimeUnit.MINUTES));
            assertEquals(0, last.exitValue());
        }
        assertTrue(committedAtKill.getFirst() > 0 && committedAtKill.getLast() < FakeWeiboFixture.expectedSearchPosts(data, false).size(),
                "the kills landed mid-crawl: " + committedAtKill);
        try (CrawlStore store = CrawlStore.open(db)) {
            List<WeiboPost> expected = FakeWeiboFixture.expectedSearchPosts(data, false);
            assertEquals(expected, store.posts(Source.SEARCH));
            List<WeiboPost> found = store.queryResults(Source.SEARCH, FakeWeiboFixture.KEYWORD);
            assertEquals(expected.size(), found.size(), "each result (and reposted original) linked to the query exactly once");
        }
    }
}
