package socialalign.pipeline.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.cli.Main;
import socialalign.pipeline.crawl.fake.FakeData;
import socialalign.pipeline.crawl.fake.FakeWeibo;
import socialalign.pipeline.crawl.fake.FakeWeiboFixture;
import socialalign.pipeline.crawl.fake.FaultPlan;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/** {@code socialalign crawl ...} end to end against the fake Weibo. */
class CrawlCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void searchUsersAndExportAgainstTheFake() throws Exception {
        FakeData data = FakeWeiboFixture.small();
        String db = dir.resolve("c.db").toString();
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.none(), FakeWeiboFixture.NOW)) {
            String base = fake.base().toString();
            Run dry = run("crawl", "search", "--db", db, "--base-url", base, "--dry-run", "--start", "2024-10-28", "--end", "2024-10-28", "#测试话题#");
            assertEquals(0, dry.code(), dry.err());
            assertTrue(dry.out().contains("would fetch " + base + "/weibo?q=%23%E6%B5%8B%E8%AF%95%E8%AF%9D%E9%A2%98%23&scope=ori&suball=1&timescope=custom:2024-10-28-0:2024-10-29-0"), dry.out());
            assertEquals(0, fake.requests(), "a dry run fetches nothing");

            Run search = run("crawl", "search", "--db", db, "--base-url", base, "--delay", "0", "--no-ip",
                    "--start", "2024-10-28", "--end", "2024-10-28", "#测试话题#");
            assertEquals(0, search.code(), search.err());
            assertTrue(search.out().startsWith("crawl search done: pages 15, posts " + FakeWeiboFixture.expectedSearchPosts(data, false).size()), search.out());
            assertTrue(search.err().contains("[pages 1 | posts "), search.err());

            Run users = run("crawl", "users", "--db", db, "--base-url", base, "--delay", "0", "--workers", "2", "1000007919", "1000015838");
            assertEquals(0, users.code(), users.err());
            assertTrue(users.out().contains("users 2,"), users.out());
        }
        Run export = run("crawl", "export", "--db", db, "--out", dir.resolve("out").toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.isRegularFile(dir.resolve("out/weibo/1000015838/1000015838.json")));
        try (CrawlStore store = CrawlStore.open(dir.resolve("c.db"))) {
            assertEquals(FakeWeiboFixture.expectedSearchPosts(data, false).size(), store.posts(Source.SEARCH).size());
        }
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        Run dates = run("crawl", "search", "--db", dir.resolve("x.db").toString(), "--start", "2024-10-29", "--end", "2024-10-28", "#x#");
        assertEquals(2, dates.code());
        assertEquals("socialalign: --start 2024-10-29 is after --end 2024-10-28", dates.err().strip());
        Run region = run("crawl", "search", "--db", dir.resolve("x.db").toString(), "--region", "火星", "--start", "2024-10-28", "--end", "2024-10-28", "#x#");
        assertEquals(2, region.code());
        assertTrue(region.err().contains("unknown region '火星'"), region.err());
        Run dataset = run("crawl", "import", "--db", dir.resolve("x.db").toString(), "--dataset", dir.resolve("nope").toString());
        assertEquals(2, dataset.code());
        assertTrue(dataset.err().startsWith("socialalign: --dataset: "), dataset.err());
    }
}
