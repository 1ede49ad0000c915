package socialalign.pipeline.crawl.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import socialalign.pipeline.cli.Main;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.browser.HeadlessChromium;
import socialalign.pipeline.crawl.fake.FakeData;
import socialalign.pipeline.crawl.fake.FakeWeibo;
import socialalign.pipeline.crawl.fake.FakeWeiboFixture;
import socialalign.pipeline.crawl.fake.FaultPlan;
import socialalign.pipeline.crawl.http.BlockedException;
import socialalign.pipeline.crawl.http.CrawlConfig;
import socialalign.pipeline.crawl.http.CrawlStats;
import socialalign.pipeline.crawl.store.CrawlExport;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/** 微博智搜 crawls of the fake Weibo in a real headless Chromium (one browser for the class). */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard against hangs, not a speed check
class AiSearchCrawlTest {

    private static final String QUERY = "测试话题";
    private static final int RESULTS = 35;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HeadlessChromium browser;
    private static FakeData data;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> binary = HeadlessChromium.find();
        Assumptions.assumeTrue(binary.isPresent(), "no Chromium on this machine (apt-get install chromium, or set "
                + HeadlessChromium.BINARY_ENV + "): the AI-search browser tests are skipped");
        browser = HeadlessChromium.launch(binary.get(), Duration.ofSeconds(20), HeadlessChromium.LOOPBACK_ONLY);
        data = FakeWeiboFixture.small().withAiSearch(3, QUERY, RESULTS, FakeWeiboFixture.NOW);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static List<WeiboPost> expected() {
        return data.aiSearch().stream().filter(r -> r.query().equals(QUERY)).map(FakeData.AiSearchRecord::post).toList();
    }

    // A page that fails to render costs the whole timeout; a slow machine only makes for more retries.
    private static CrawlConfig config(int attempts, Duration timeout) {
        return new CrawlConfig(Duration.ZERO, Duration.ZERO, 1, attempts, timeout, Duration.ofMillis(1), "", CrawlConfig.CHROME_UA);
    }

    private record Crawl(List<WeiboPost> results, CrawlStats stats, List<String> log, String state) {}

    private Crawl crawl(FakeWeibo fake, Path db, int attempts) throws Exception {
        return crawl(fake, db, attempts, Duration.ofSeconds(2));
    }

    private Crawl crawl(FakeWeibo fake, Path db, int attempts, Duration timeout) throws Exception {
        CrawlStats stats = new CrawlStats();
        List<String> log = new CopyOnWriteArrayList<>();
        try (CrawlStore store = CrawlStore.open(db)) {
            try {
                new AiSearchCrawler(browser, config(attempts, timeout), stats, store, WeiboEndpoints.all(fake.base()),
                        () -> FakeWeiboFixture.NOW, log::add).crawl(AiSearchCrawler.url(fake.base(), QUERY, Instant.EPOCH));
            } finally {
                log.forEach(System.out::println);
            }
            return new Crawl(store.queryResults(Source.AI_SEARCH, QUERY), stats, log,
                    store.taskState(Source.AI_SEARCH, QUERY).orElse(""));
        }
    }

    @Test
    void onlyABrowserSeesTheResultsAndTheCrawlStoresThemFieldByField() throws Exception {
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.none(), FakeWeiboFixture.NOW)) {
            URI start = AiSearchCrawler.url(fake.base(), QUERY, Instant.ofEpochSecond(1_730_000_000));
            assertEquals("/web/other/ai/blogs2?dt=1730000000&query=%E6%B5%8B%E8%AF%95%E8%AF%9D%E9%A2%98&tab=",
                    start.toString().substring(fake.base().toString().length()));
            String plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(start).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(List.of(), new AiSearchParser().cardNames(plain), "a plain fetch gets only the script shell");

            Crawl c = crawl(fake, dir.resolve("ai.db"), 3);
            assertEquals(expected(), c.results(), "every result, in list order, with its numeric mid and whitespace collapsed");
            assertEquals("done", c.state());
            assertEquals(RESULTS, c.stats().posts.get());
            assertEquals(0, c.stats().failures.get(), c.stats().summary());

            long before = fake.requests();
            Crawl again = crawl(fake, dir.resolve("ai.db"), 3);
            assertEquals(before, fake.requests(), "a finished query is not fetched again");
            assertEquals(c.results(), again.results());

            try (CrawlStore store = CrawlStore.open(dir.resolve("ai.db"))) {
                Path file = new CrawlExport(store).aiSearchJson(dir.resolve("out")).getFirst();
                assertEquals(dir.resolve("out").resolve(QUERY + ".json"), file);
                String text = Files.readString(file);
                WeiboPost first = expected().getFirst();
                assertTrue(text.startsWith("[\n{\"username\": \"" + first.screenName() + "\", \"user_id\": \"" + first.userId()
                        + "\", \"weibo_id\": \"" + first.id() + "\", \"content\": \""), text);
                JsonNode items = JSON.readTree(text);
                assertEquals(RESULTS, items.size());
                for (int i = 0; i < RESULTS; i++) {
                    WeiboPost p = expected().get(i);
                    assertEquals(Long.parseLong(p.id()), Long.parseLong(items.get(i).path("weibo_id").asText()), "weibo_id is the mid (spec F.9)");
                    assertEquals(p.text(), items.get(i).path("content").asText());
                }
            }
        }
    }

    @Test
    void twentyPercentFaultsYieldExactlyTheFaultFreeRecords() throws Exception {
        FaultPlan faults = new FaultPlan(0.2, FaultPlan.TRANSIENT, Duration.ofMillis(300), -1, null, List.of(), 5);
        try (FakeWeibo fake = new FakeWeibo(data, faults, FakeWeiboFixture.NOW)) {
            Crawl c = crawl(fake, dir.resolve("faulty.db"), 8, Duration.ofSeconds(1));
            assertTrue(c.stats().retries.get() > 3, "faults were injected and retried: " + c.stats().summary());
            assertEquals(expected(), c.results(), c.stats().summary());
            assertEquals("done", c.state());
        }
    }

    @Test
    void aMalformedDetailPageIsLoggedWithItsUrlAndSkippedAndARerunFetchesOnlyIt() throws Exception {
        WeiboPost broken = expected().get(12);
        String path = "/" + broken.userId() + "/" + broken.bid();
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.broken(List.of(path)), FakeWeiboFixture.NOW)) {
            Crawl c = crawl(fake, dir.resolve("m.db"), 2, Duration.ofSeconds(1));
            List<WeiboPost> others = expected().stream().filter(p -> !p.equals(broken)).toList();
            assertEquals(others, c.results());
            assertEquals("open", c.state(), "the query stays open for the skipped result");
            assertEquals(1, c.log().stream().filter(l -> l.startsWith("skipped result 13/" + RESULTS) && l.contains(fake.base() + path)).count(), c.log().toString());

            fake.faults(FaultPlan.none());
            Crawl rerun = crawl(fake, dir.resolve("m.db"), 2);
            assertEquals(1, rerun.stats().posts.get(), "only the missing result is fetched again");
            assertEquals("done", rerun.state());
            assertTrue(rerun.results().containsAll(expected()) && rerun.results().size() == RESULTS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultPlan.Fault.class, names = {"TEAPOT_418", "FORBIDDEN_403", "LOGIN_REDIRECT", "CAPTCHA"})
    void aBlockStopsTheSourceKeepsEverythingAndARerunCompletes(FaultPlan.Fault block) throws Exception {
        // Requests 0-4 load the list (page, 4 batches); from request 15 on, every detail page or its data is blocked.
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.blockAfter(15, block), FakeWeiboFixture.NOW)) {
            Path db = dir.resolve("b.db");
            BlockedException e = assertThrows(BlockedException.class, () -> crawl(fake, db, 3));
            assertTrue(e.getMessage().contains("rerun"), e.getMessage());
            int kept;
            try (CrawlStore store = CrawlStore.open(db)) {
                List<WeiboPost> results = store.queryResults(Source.AI_SEARCH, QUERY);
                kept = results.size();
                assertTrue(kept >= 4 && kept < RESULTS, "kept " + kept);
                assertEquals(expected().subList(0, kept), results);
            }
            fake.faults(FaultPlan.none());
            Crawl rerun = crawl(fake, db, 3);
            assertEquals(RESULTS - kept, rerun.stats().posts.get());
            assertEquals(expected().size(), rerun.results().size());
            assertTrue(rerun.results().containsAll(expected()));
        }
    }

    @Test
    void commandLineDryRunCrawlAndExport() throws Exception {
        String db = dir.resolve("cli.db").toString();
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.none(), FakeWeiboFixture.NOW)) {
            String base = fake.base().toString();
            Run dry = run("crawl", "ai-search", "--db", db, "--base-url", base, "--dry-run", QUERY);
            assertEquals(0, dry.code(), dry.err());
            assertTrue(dry.out().contains("would load " + base + "/web/other/ai/blogs2?dt="), dry.out());
            assertTrue(dry.out().contains("(state in store: new, 0 results)"), dry.out());
            assertEquals(0, fake.requests(), "a dry run fetches nothing");

            Run crawl = run("crawl", "ai-search", "--db", db, "--base-url", base, "--delay", "0", "--timeout", "5", QUERY);
            assertEquals(0, crawl.code(), crawl.err());
            // Pages: the list page, each batch the scrolling loads (how many a scroll loads depends on timing), each detail page.
            assertTrue(crawl.out().matches("crawl ai-search done: pages \\d+, posts " + RESULTS + ", users 0, requests \\d+, retries 0, failures 0\\R"), crawl.out());
            assertTrue(crawl.err().lines().anyMatch(l -> l.matches("\\[pages \\d+ \\| posts 1 \\| users 0 \\| retries 0 \\| failures 0] result 1/" + RESULTS + " of .*: mid "
                    + expected().getFirst().id() + " by " + expected().getFirst().screenName())), crawl.err());

            Run export = run("crawl", "export", "--db", db, "--out", dir.resolve("out").toString());
            assertEquals(0, export.code(), export.err());
            assertEquals(RESULTS, JSON.readTree(dir.resolve("out/ai-search/" + QUERY + ".json").toFile()).size());
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
