package socialalign.pipeline.crawl.fake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.http.CrawlConfig;
import socialalign.pipeline.crawl.http.CrawlStats;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.search.SearchCrawler;
import socialalign.pipeline.crawl.search.SearchOptions;
import socialalign.pipeline.crawl.search.SearchPage;
import socialalign.pipeline.crawl.search.SearchPageParser;
import socialalign.pipeline.crawl.store.CrawlStore;

/**
 * Throughput benchmark (run by {@code bench/crawl-throughput.sh}): a search crawl of the fake Weibo with
 * zero delays, end to end (HTTP, parsing, SQLite commits), and the parser alone on the same pages.
 * Prints posts per second; not a test.
 */
public final class CrawlThroughput {

    private CrawlThroughput() {}

    public static void main(String[] args) throws Exception {
        int perDay = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        LocalDate day = LocalDate.of(2024, 10, 27);
        LocalDateTime now = LocalDateTime.of(2024, 10, 28, 23, 59);
        FakeData data = FakeData.generate(1, "#基准#", day, 2, perDay, List.of(), 500, 0, now);
        Path dir = Files.createTempDirectory("crawl-bench");
        try (FakeWeibo fake = new FakeWeibo(data, FaultPlan.none(), now)) {
            for (int round = 1; round <= 3; round++) {
                CrawlStats stats = new CrawlStats();
                long t0 = System.nanoTime();
                try (CrawlStore store = CrawlStore.open(dir.resolve("bench-" + round + ".db"))) {
                    new SearchCrawler(new WeiboHttp(CrawlConfig.fast(Duration.ofSeconds(10)), stats), store,
                            WeiboEndpoints.all(fake.base()), () -> now, line -> { })
                            .crawl("#基准#", day, day.plusDays(1), new SearchOptions(1, 0, List.of(), false));
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("crawl round %d: %s in %.2f s = %.0f posts/s, %.1f pages/s%n",
                        round, stats.summary(), s, stats.posts.get() / s, stats.pages.get() / s);
            }
            String page = FakeSearchPages.page(data.search().subList(0, FakeWeibo.SEARCH_PAGE_SIZE), 1, 50, "/weibo?page=2", now);
            SearchPageParser parser = new SearchPageParser();
            for (int round = 1; round <= 3; round++) {
                int pages = 2_000;
                int posts = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < pages; i++) {
                    SearchPage parsed = parser.parse(page, now);
                    posts += parsed.posts().size();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("parser round %d: %d posts in %.2f s = %.0f posts/s%n", round, posts, s, posts / s);
            }
        }
    }
}
