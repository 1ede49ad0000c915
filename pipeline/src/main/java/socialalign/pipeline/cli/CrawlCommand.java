package socialalign.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.ai.AiSearchCrawler;
import socialalign.pipeline.crawl.browser.HeadlessChromium;
import socialalign.pipeline.crawl.fake.FakeData;
import socialalign.pipeline.crawl.fake.FakeWeibo;
import socialalign.pipeline.crawl.fake.FaultPlan;
import socialalign.pipeline.crawl.http.BlockedException;
import socialalign.pipeline.crawl.http.CrawlConfig;
import socialalign.pipeline.crawl.http.CrawlStats;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.search.SearchCrawler;
import socialalign.pipeline.crawl.search.SearchOptions;
import socialalign.pipeline.crawl.search.SearchWindow;
import socialalign.pipeline.crawl.store.CrawlExport;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.pipeline.crawl.store.DatasetImporter;
import socialalign.pipeline.crawl.user.UserCrawler;
import socialalign.pipeline.data.DataFileException;

/**
 * {@code socialalign crawl}: the Weibo crawlers (spec A) into one SQLite store. {@code search} crawls hashtag
 * search results, {@code ai-search} 微博智搜 results in headless Chromium, {@code users} the profiles and histories of given users or of every author found
 * (spec A4), {@code import} loads the public responses dataset, {@code export} writes JSONL and the
 * reference's CSV/JSON layouts, {@code fake-server} serves a generated fake Weibo for offline demos. A rerun
 * continues where the last run stopped. Exit code 3 means Weibo blocked the crawler (everything gathered is kept).
 */
@Command(name = "crawl", description = "Crawl Weibo (search, ai-search, users), import the public dataset, export the store.",
        subcommands = {CrawlCommand.Search.class, CrawlCommand.AiSearch.class, CrawlCommand.Users.class, CrawlCommand.Import.class, CrawlCommand.Export.class,
                CrawlCommand.FakeServer.class})
public final class CrawlCommand {

    /** Exit code when Weibo blocks the crawler. */
    static final int BLOCKED = 3;

    /** The store option shared by every sub-command. */
    static class StoreOption {
        @Option(names = "--db", defaultValue = "crawl.db", description = "SQLite store (created if absent; default: ${DEFAULT-VALUE}).")
        Path db;
    }

    /** Politeness, cookie and target options of the sub-commands that go online. */
    static class Online {
        @Option(names = "--cookie-file", description = "File with the weibo.com cookie (bare, or a 'cookie=' line); "
                + "the WEIBO_COOKIE environment variable wins. Never printed.")
        Path cookieFile;

        @Option(names = "--delay", defaultValue = "5-15", description = "Random pause before each request, seconds MIN-MAX (default: ${DEFAULT-VALUE}, as the reference).")
        String delay;

        @Option(names = "--per-host", defaultValue = "1", description = "Requests in flight per host (default: ${DEFAULT-VALUE}).")
        int perHost;

        @Option(names = "--attempts", defaultValue = "5", description = "Tries per request before a page is skipped (default: ${DEFAULT-VALUE}).")
        int attempts;

        @Option(names = "--timeout", defaultValue = "30", description = "Per-request timeout, seconds (default: ${DEFAULT-VALUE}).")
        int timeout;

        @Option(names = "--base-url", description = "Send every request to this base URL instead of Weibo (a fake Weibo for demos).")
        URI baseUrl;

        @Option(names = "--dry-run", description = "Print what would be fetched and what the store already has; fetch nothing.")
        boolean dryRun;

        CrawlConfig config() {
            String[] range = delay.split("-");
            try {
                Duration min = Duration.ofMillis(Math.round(Double.parseDouble(range[0]) * 1000));
                Duration max = range.length > 1 ? Duration.ofMillis(Math.round(Double.parseDouble(range[1]) * 1000)) : min;
                String cookie = CrawlConfig.resolveCookie(System.getenv(), cookieFile);
                return new CrawlConfig(min, max, perHost, attempts, Duration.ofSeconds(timeout), Duration.ofSeconds(2), cookie, CrawlConfig.CHROME_UA);
            } catch (NumberFormatException e) {
                throw new UserError("--delay: expected seconds MIN-MAX such as 5-15, got '" + delay + "'");
            } catch (IllegalArgumentException e) {
                throw new UserError("--delay/--per-host/--attempts: " + e.getMessage());
            } catch (NoSuchFileException e) {
                throw new UserError("--cookie-file: no such file " + e.getFile());
            } catch (IOException e) {
                throw new UserError("--cookie-file: cannot read " + cookieFile + ": " + e.getMessage());
            }
        }

        WeiboEndpoints endpoints() {
            return baseUrl == null ? WeiboEndpoints.WEIBO : WeiboEndpoints.all(baseUrl);
        }
    }

    /** Progress lines on stderr, each prefixed with the running counts. */
    static java.util.function.Consumer<String> progress(CrawlStats stats, PrintStream err) {
        return line -> err.printf("[pages %d | posts %d | users %d | retries %d | failures %d] %s%n",
                stats.pages.get(), stats.posts.get(), stats.users.get(), stats.retries.get(), stats.failures.get(), line);
    }

    static LocalDateTime beijingNow() {
        return LocalDateTime.now(ZoneOffset.ofHours(8));
    }

    static CrawlStore open(Path db) {
        try {
            return CrawlStore.open(db);
        } catch (SQLException e) {
            throw new UserError("--db: cannot open " + db + " as a SQLite store: " + e.getMessage());
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Crawl s.weibo.com results of hashtags or keywords (spec A1).")
    static final class Search implements Callable<Integer> {
        @Mixin StoreOption store;
        @Mixin Online online;

        @Parameters(arity = "1..*", paramLabel = "KEYWORD", description = "Keywords; #topic# searches a hashtag.")
        List<String> keywords;

        @Option(names = "--start", required = true, description = "First day, YYYY-MM-DD.")
        LocalDate start;

        @Option(names = "--end", required = true, description = "Last day (inclusive), YYYY-MM-DD.")
        LocalDate end;

        @Option(names = "--region", description = "Restrict to these regions (e.g. 北京); default: all.")
        List<String> regions = new ArrayList<>();

        @Option(names = "--weibo-type", defaultValue = "1", description = "0 all, 1 original (the reference's setting), 2 hot, 3 followed, 4 verified, 5 media, 6 viewpoint.")
        int weiboType;

        @Option(names = "--contain-type", defaultValue = "0", description = "0 all, 1 pictures, 2 videos, 3 music, 4 links.")
        int containType;

        @Option(names = "--no-ip", description = "Skip the per-post 发布于 region lookup (one request per post).")
        boolean noIp;

        @Override
        public Integer call() throws Exception {
            if (start.isAfter(end)) {
                throw new UserError("--start " + start + " is after --end " + end);
            }
            SearchOptions options;
            try {
                options = new SearchOptions(weiboType, containType, regions, !noIp);
            } catch (IllegalArgumentException e) {
                throw new UserError("--region: " + e.getMessage());
            }
            CrawlConfig config = online.config();
            if (online.dryRun) {
                System.out.println("settings: " + config);
                try (CrawlStore db = open(store.db)) {
                    for (String keyword : keywords) {
                        for (SearchWindow w : SearchWindow.initial(keyword, start, end, options)) {
                            System.out.println("would fetch " + w.url(online.endpoints().search(), 1) + " (state in store: "
                                    + db.taskState(Source.SEARCH, w.taskKey()).orElse("new") + ")");
                        }
                    }
                }
                return 0;
            }
            CrawlStats stats = new CrawlStats();
            try (CrawlStore db = open(store.db)) {
                SearchCrawler crawler = new SearchCrawler(new WeiboHttp(config, stats), db, online.endpoints(),
                        CrawlCommand::beijingNow, progress(stats, System.err));
                for (String keyword : keywords) {
                    crawler.crawl(keyword, start, end, options);
                }
            } catch (BlockedException e) {
                System.err.println("socialalign: " + e.getMessage());
                System.out.println("crawl search stopped: " + stats.summary());
                return BLOCKED;
            }
            System.out.println("crawl search done: " + stats.summary());
            return 0;
        }
    }

    @Command(name = "ai-search", mixinStandardHelpOptions = true,
            description = "Crawl 微博智搜 (ai.s.weibo.com) results in headless Chromium (spec A2), keeping numeric mids.")
    static final class AiSearch implements Callable<Integer> {
        @Mixin StoreOption store;
        @Mixin Online online;

        @Parameters(arity = "1..*", paramLabel = "QUERY|URL",
                description = "A query, or a result-page URL (.../web/other/ai/blogs2?dt=...&query=...&tab=) as the reference takes.")
        List<String> targets;

        @Option(names = "--chromium", description = "The Chromium binary (default: $" + HeadlessChromium.BINARY_ENV
                + ", else chromium on the PATH).")
        Path chromium;

        @Override
        public Integer call() throws Exception {
            CrawlConfig config = online.config();
            WeiboEndpoints endpoints = online.endpoints();
            List<URI> starts = new ArrayList<>();
            for (String target : targets) {
                URI url = target.startsWith("http://") || target.startsWith("https://")
                        ? URI.create(target) : AiSearchCrawler.url(endpoints.ai(), target, java.time.Instant.now());
                try {
                    AiSearchCrawler.queryOf(url);
                } catch (IllegalArgumentException e) {
                    throw new UserError("QUERY|URL: " + e.getMessage());
                }
                starts.add(url);
            }
            java.util.Optional<Path> binary = chromium != null ? java.util.Optional.of(chromium) : HeadlessChromium.find();
            if (online.dryRun) {
                System.out.println("settings: " + config);
                System.out.println("browser: " + binary.map(Path::toString).orElse("none found (install chromium)"));
                try (CrawlStore db = open(store.db)) {
                    for (URI url : starts) {
                        String query = AiSearchCrawler.queryOf(url);
                        System.out.println("would load " + url + " (state in store: "
                                + db.taskState(Source.AI_SEARCH, query).orElse("new") + ", " + db.queryResults(Source.AI_SEARCH, query).size() + " results)");
                    }
                }
                return 0;
            }
            if (binary.isEmpty() || !java.nio.file.Files.isExecutable(binary.get())) {
                throw new UserError("no Chromium to drive" + (chromium == null ? "" : " at " + chromium)
                        + ": install it (apt-get install chromium), or name it with --chromium or $" + HeadlessChromium.BINARY_ENV);
            }
            // A fake Weibo on this machine gets a browser that cannot reach anything else (not even a login redirect).
            List<String> args = online.baseUrl != null && java.net.InetAddress.getByName(online.baseUrl.getHost()).isLoopbackAddress()
                    ? HeadlessChromium.LOOPBACK_ONLY : List.of();
            CrawlStats stats = new CrawlStats();
            try (CrawlStore db = open(store.db);
                 HeadlessChromium browser = HeadlessChromium.launch(binary.get(), config.timeout().plusSeconds(10), args)) {
                AiSearchCrawler crawler = new AiSearchCrawler(browser, config, stats, db, endpoints,
                        CrawlCommand::beijingNow, progress(stats, System.err));
                for (URI url : starts) {
                    crawler.crawl(url);
                }
            } catch (BlockedException e) {
                System.err.println("socialalign: " + e.getMessage());
                System.out.println("crawl ai-search stopped: " + stats.summary());
                return BLOCKED;
            }
            System.out.println("crawl ai-search done: " + stats.summary());
            return 0;
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "Crawl user profiles and timelines via m.weibo.cn (spec A3, A4).")
    static final class Users implements Callable<Integer> {
        @Mixin StoreOption store;
        @Mixin Online online;

        @Parameters(arity = "0..*", paramLabel = "UID", description = "User ids; none: every author of the stored search results.")
        List<String> uids = new ArrayList<>();

        @Option(names = "--since-days", defaultValue = "3650", description = "Stop at the first unpinned post older than this many days (default: ${DEFAULT-VALUE}).")
        int sinceDays;

        @Option(names = "--workers", defaultValue = "1", description = "Users crawled at a time (the per-host cap still applies; default: ${DEFAULT-VALUE}).")
        int workers;

        @Override
        public Integer call() throws Exception {
            CrawlConfig config = online.config();
            LocalDate since = beijingNow().toLocalDate().minusDays(sinceDays);
            CrawlStats stats = new CrawlStats();
            try (CrawlStore db = open(store.db)) {
                List<String> todo = uids.isEmpty() ? db.queryAuthors(Source.SEARCH) : uids;
                if (todo.isEmpty()) {
                    throw new UserError("no UID given and " + store.db + " holds no search results to take authors from");
                }
                if (online.dryRun) {
                    System.out.println("settings: " + config);
                    for (String uid : todo) {
                        System.out.println("would crawl user " + uid + " since " + since + " (state in store: "
                                + db.taskState(Source.TIMELINE, uid).orElse("new") + ", " + db.userPostCount(uid) + " posts)");
                    }
                    return 0;
                }
                new UserCrawler(new WeiboHttp(config, stats), db, online.endpoints(), CrawlCommand::beijingNow,
                        progress(stats, System.err)).crawl(todo, since, workers);
            } catch (BlockedException e) {
                System.err.println("socialalign: " + e.getMessage());
                System.out.println("crawl users stopped: " + stats.summary());
                return BLOCKED;
            }
            System.out.println("crawl users done: " + stats.summary());
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import the public Weibo responses dataset (events, responses, users).")
    static final class Import implements Callable<Integer> {
        @Mixin StoreOption store;

        @Option(names = "--dataset", required = true, description = "Folder with events/responses/users .jsonl(.gz), e.g. ../shared/data/weibo-responses.")
        Path dataset;

        @Override
        public Integer call() throws Exception {
            try (CrawlStore db = open(store.db)) {
                DatasetImporter.Counts counts = new DatasetImporter(db, System.err::println).importFolder(dataset);
                System.out.printf("crawl import done: %d events, %d responses, %d users into %s%n",
                        counts.events(), counts.responses(), counts.users(), store.db);
                return 0;
            } catch (NoSuchFileException e) {
                throw new UserError("--dataset: " + e.getFile() + " not found");
            } catch (DataFileException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write posts.jsonl, users.jsonl, search/{kw}/{kw}.csv, ai-search/{query}.json and weibo/{uid}/{uid}.json.")
    static final class Export implements Callable<Integer> {
        @Mixin StoreOption store;

        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (CrawlStore db = open(store.db)) {
                List<Path> files = new CrawlExport(db).all(out);
                System.out.println("crawl export done: " + files.size() + " files under " + out);
                return 0;
            }
        }
    }

    @Command(name = "fake-server", mixinStandardHelpOptions = true,
            description = "Serve a generated fake Weibo on 127.0.0.1 (search pages, region lookups, m.weibo.cn API) until interrupted.")
    static final class FakeServer implements Callable<Integer> {
        @Option(names = "--keyword", defaultValue = "#演示话题#", description = "The hashtag the results answer (default: ${DEFAULT-VALUE}).")
        String keyword;

        @Option(names = "--start", description = "First day of results (default: so that the last day is today).")
        LocalDate start;

        @Option(names = "--days", defaultValue = "2", description = "Days of results (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--per-day", defaultValue = "300", description = "Results per day (default: ${DEFAULT-VALUE}).")
        int perDay;

        @Option(names = "--fault-rate", defaultValue = "0", description = "Share of requests answered with a transient fault (default: ${DEFAULT-VALUE}).")
        double faultRate;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            // Pages show times relative to now ("5分钟前", "10月26日"): the crawler must share the fake's clock.
            LocalDateTime now = beijingNow().withSecond(0).withNano(0);
            if (start == null) {
                start = now.toLocalDate().minusDays(days - 1L);
            }
            FakeData data = FakeData.generate(seed, keyword, start, days, perDay, List.of(), 40, 120, now)
                    .withAiSearch(seed, keyword.replace("#", ""), 60, now);
            FaultPlan faults = faultRate > 0 ? FaultPlan.transientFaults(faultRate, Duration.ofSeconds(40), seed) : FaultPlan.none();
            try (FakeWeibo fake = new FakeWeibo(data, faults, now)) {
                System.out.println("fake Weibo at " + fake.base() + " (" + data.search().size() + " results for " + keyword
                        + ", " + start + " to " + start.plusDays(days - 1L) + "); try: socialalign crawl search --base-url "
                        + fake.base() + " --delay 0 --start " + start + " --end " + start.plusDays(days - 1L) + " '" + keyword + "'"
                        + "\n  or: socialalign crawl ai-search --base-url " + fake.base() + " --delay 0 '" + keyword.replace("#", "") + "'");
                Thread.currentThread().join();
            }
            return 0;
        }
    }
}
