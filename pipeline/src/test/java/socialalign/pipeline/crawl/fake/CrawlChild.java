package socialalign.pipeline.crawl.fake;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.http.CrawlConfig;
import socialalign.pipeline.crawl.http.CrawlStats;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.search.SearchCrawler;
import socialalign.pipeline.crawl.search.SearchOptions;
import socialalign.pipeline.crawl.store.CrawlStore;

/** The crawler process that {@link KillRestartTest} kills: a search crawl of the fake at {@code args[0]} into {@code args[1]}. */
public final class CrawlChild {

    private CrawlChild() {}

    public static void main(String[] args) throws Exception {
        try (CrawlStore store = CrawlStore.open(Path.of(args[1]))) {
            new SearchCrawler(new WeiboHttp(CrawlConfig.fast(Duration.ofSeconds(5)), new CrawlStats()), store,
                    WeiboEndpoints.all(URI.create(args[0])), () -> FakeWeiboFixture.NOW, line -> { })
                    .crawl(FakeWeiboFixture.KEYWORD, FakeWeiboFixture.DAY1, FakeWeiboFixture.DAY2, new SearchOptions(1, 0, List.of(), false));
        }
        System.out.println("finished");
    }
}
