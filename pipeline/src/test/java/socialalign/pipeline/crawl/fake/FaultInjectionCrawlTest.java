package socialalign.pipeline.crawl.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.http.BlockedException;
import socialalign.pipeline.crawl.search.SearchOptions;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/** Search crawls of the fake Weibo: fault-free, with 20 % injected faults, blocked, and with a permanently broken page. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against hangs, not a speed check
class FaultInjectionCrawlTest {

    private static final SearchOptions NO_IP = new SearchOptions(1, 0, List.of(), false);
    private static FakeData big;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        big = FakeWeiboFixture.big();
    }

    private List<WeiboPost> crawl(FakeWeibo fake, Path db) throws Exception {
        try (var s = new FakeWeiboFixture.Session(fake, db)) {
            s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY1, FakeWeiboFixture.DAY2, NO_IP);
            return s.store.posts(Source.SEARCH);
        }
    }

    @Test
    void twentyPercentFaultsYieldExactlyTheFaultFreeRecords() throws Exception {
        List<WeiboPost> clean;
        List<WeiboPost> faulty;
        List<WeiboPost> cleanOrder;
        List<WeiboPost> faultyOrder;
        try (FakeWeibo fake = new FakeWeibo(big, FaultPlan.none(), FakeWeiboFixture.NOW)) {
            clean = crawl(fake, dir.resolve("clean.db"));
            fake.faults(FaultPlan.transientFaults(0.2, Duration.ofMillis(600), 42));
            try (var s = new FakeWeiboFixture.Session(fake, dir.resolve("faulty.db"))) {
                s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY1, FakeWeiboFixture.DAY2, NO_IP);
                faulty = s.store.posts(Source.SEARCH);
                faultyOrder = s.store.queryResults(Source.SEARCH, FakeWeiboFixture.KEYWORD);
                assertTrue(s.stats.retries.get() > 30, "faults were injected and retried: " + s.stats.summary());
                assertEquals(0, s.stats.failures.get(), s.stats.summary());
            }
            try (var s = new FakeWeiboFixture.Session(fake, dir.resolve("clean.db"))) {
                cleanOrder = s.store.queryResults(Source.SEARCH, FakeWeiboFixture.KEYWORD);
            }
        }
        assertTrue(big.search().size() >= 2_000);
        assertEquals(FakeWeiboFixture.expectedSearchPosts(big, false), clean, "the fault-free crawl stores every generated record, field by field");
        assertEquals(clean, faulty);
        assertEquals(cleanOrder, faultyOrder, "and in the same order");
    }

    @ParameterizedTest
    @EnumSource(value = FaultPlan.Fault.class, names = {"TEAPOT_418", "FORBIDDEN_403", "LOGIN_REDIRECT", "CAPTCHA"})
    void aBlockStopsTheSourceKeepsEverythingAndARerunCompletes(FaultPlan.Fault block) throws Exception {
        FakeData small = FakeWeiboFixture.small();
        try (FakeWeibo fake = new FakeWeibo(small, FaultPlan.blockAfter(25, block), FakeWeiboFixture.NOW)) {
            int kept;
            try (var s = new FakeWeiboFixture.Session(fake, dir.resolve("blocked.db"))) {
                BlockedException e = assertThrows(BlockedException.class, () -> s.search.crawl(
                        FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY2, FakeWeiboFixture.DAY2, SearchOptions.reference()));
                assertTrue(e.getMessage().contains(fake.base().getHost()), e.getMessage());
                kept = s.store.posts(Source.SEARCH).size();
                assertTrue(kept > 0, "pages committed before the block are kept");
            }
            fake.faults(FaultPlan.none());
            try (var s = new FakeWeiboFixture.Session(fake, dir.resolve("blocked.db"))) {
                s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY2, FakeWeiboFixture.DAY2, SearchOptions.reference());
                assertEquals(FakeWeiboFixture.expectedSearchPosts(small, true), s.store.posts(Source.SEARCH),
                        "the rerun continues and ends with every record, the 发布于 regions included");
                assertTrue(s.stats.pages.get() < 15 + 1, "the rerun fetched only what was missing: " + s.stats.summary());
            }
        }
    }

    @Test
    void aPermanentlyMalformedPageIsLoggedWithItsUrlAndSkipped() throws Exception {
        String broken = "timescope=custom:2024-10-27-3:2024-10-27-4&page=2";
        try (FakeWeibo fake = new FakeWeibo(big, FaultPlan.broken(List.of(broken)), FakeWeiboFixture.NOW);
             var s = new FakeWeiboFixture.Session(fake, dir.resolve("broken.db"))) {
            s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY1, FakeWeiboFixture.DAY2, NO_IP);

            List<String> skipped = s.log.stream().filter(l -> l.startsWith("skipped")).toList();
            assertEquals(1, skipped.size(), s.log.toString());
            assertTrue(skipped.getFirst().contains(fake.base() + "/weibo?q=") && skipped.getFirst().contains(broken), skipped.getFirst());
            assertEquals(1, s.stats.failures.get());

            List<FakeData.SearchRecord> lostPage = FakeWeiboFixture.window(big,
                    FakeWeiboFixture.DAY1.atTime(3, 0), FakeWeiboFixture.DAY1.atTime(4, 0)).subList(10, 20);
            Set<String> lost = new HashSet<>();
            lostPage.forEach(r -> Stream.of(r.post(), r.original()).filter(p -> p != null).forEach(p -> lost.add(p.id())));
            List<WeiboPost> expected = new ArrayList<>(FakeWeiboFixture.expectedSearchPosts(big, false));
            expected.removeIf(p -> lost.contains(p.id()));
            assertEquals(expected, s.store.posts(Source.SEARCH), "everything but that page's posts");
        }
    }

    @Test
    void aWindowWhoseFirstPageFailedStaysOpenAndARerunCompletesIt() throws Exception {
        FakeData small = FakeWeiboFixture.small();
        String broken = "timescope=custom:2024-10-28-0:2024-10-29-0";
        try (FakeWeibo fake = new FakeWeibo(small, FaultPlan.broken(List.of(broken)), FakeWeiboFixture.NOW)) {
            try (var s = new FakeWeiboFixture.Session(fake, dir.resolve("open.db"))) {
                s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY2, FakeWeiboFixture.DAY2, NO_IP);
                assertEquals(List.of(), s.store.posts(Source.SEARCH));
                assertTrue(s.log.getFirst().startsWith("skipped giving up on " + fake.base()), s.log.getFirst());
            }
            fake.faults(FaultPlan.none());
            try (var s = new FakeWeiboFixture.Session(fake, dir.resolve("open.db"))) {
                s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY2, FakeWeiboFixture.DAY2, NO_IP);
                assertEquals(FakeWeiboFixture.expectedSearchPosts(small, false), s.store.posts(Source.SEARCH));
            }
        }
    }

    @Test
    void usersOfTheResultsAreCrawledWithTheReferenceLimitsDespiteFaults() throws Exception {
        FakeData small = FakeWeiboFixture.small();
        LocalDate since = FakeWeiboFixture.NOW.toLocalDate().minusDays(250);
        try (FakeWeibo fake = new FakeWeibo(small, FaultPlan.none(), FakeWeiboFixture.NOW);
             var s = new FakeWeiboFixture.Session(fake, dir.resolve("users.db"))) {
            s.search.crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY2, FakeWeiboFixture.DAY2, NO_IP);
            fake.faults(FaultPlan.transientFaults(0.2, Duration.ofMillis(600), 5));
            s.users.collectAuthors(Source.SEARCH, since, 4);

            List<String> authors = s.store.queryAuthors(Source.SEARCH);
            assertTrue(authors.size() >= 20, "authors: " + authors.size());
            int capped = 0;
            int stoppedBySince = 0;
            for (String uid : authors) {
                List<WeiboPost> expected = FakeWeiboFixture.expectedTimeline(small, uid, since);
                List<WeiboPost> actual = s.store.userPosts(uid, Source.TIMELINE);
                assertEquals(expected.size(), actual.size(), "timeline length of " + uid);
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i), actual.get(i), "post " + i + " of " + uid);
                }
                assertEquals(small.users().get(uid), s.store.user(uid).orElseThrow());
                capped += expected.size() >= 200 ? 1 : 0;
                stoppedBySince += expected.size() < Math.min(200, small.timelines().get(uid).size()) ? 1 : 0;
            }
            assertTrue(capped > 0 && stoppedBySince > 0, "both stops are exercised: " + capped + " capped, " + stoppedBySince + " by since_date");
            assertTrue(s.stats.retries.get() > 0, s.stats.summary());
        }
    }
}
