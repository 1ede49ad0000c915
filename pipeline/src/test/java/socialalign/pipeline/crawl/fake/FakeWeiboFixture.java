package socialalign.pipeline.crawl.fake;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.http.CrawlConfig;
import socialalign.pipeline.crawl.http.CrawlStats;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.search.SearchCrawler;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.user.UserCrawler;

/** Shared set-up of the crawl tests: generated data, a crawler wired to a fake Weibo, and the expected records. */
public final class FakeWeiboFixture {

    public static final String KEYWORD = "#测试话题#";
    public static final LocalDate DAY1 = LocalDate.of(2024, 10, 27);
    public static final LocalDate DAY2 = LocalDate.of(2024, 10, 28);
    public static final LocalDateTime NOW = LocalDateTime.of(2024, 10, 28, 23, 59);
    /** Hour 10 of day 1 in 北京: enough results to split that hour by province, then 北京 by city. */
    public static final FakeData.Burst BURST = new FakeData.Burst(DAY1.atTime(10, 0), "北京", 3, 600);

    private FakeWeiboFixture() {}

    /** 2 days × 900 posts plus the burst: 2,400 results (and their reposted originals), 60 authors. */
    public static FakeData big() {
        return FakeData.generate(7, KEYWORD, DAY1, 2, 900, List.of(BURST), 60, 30, NOW);
    }

    /** One day of 150 results, 25 authors with up to 260 timeline posts each. */
    public static FakeData small() {
        return FakeData.generate(11, KEYWORD, DAY2, 1, 150, List.of(), 25, 260, NOW);
    }

    /** A crawler session against a fake server: fast settings, its own store file, its own log. */
    public static final class Session implements AutoCloseable {
        public final CrawlStore store;
        public final CrawlStats stats = new CrawlStats();
        public final WeiboHttp http;
        public final SearchCrawler search;
        public final UserCrawler users;
        public final List<String> log = new CopyOnWriteArrayList<>();

        public Session(FakeWeibo fake, Path db) throws Exception {
            store = CrawlStore.open(db);
            http = new WeiboHttp(CrawlConfig.fast(Duration.ofMillis(250)), stats);
            WeiboEndpoints endpoints = WeiboEndpoints.all(fake.base());
            search = new SearchCrawler(http, store, endpoints, () -> NOW, log::add);
            users = new UserCrawler(http, store, endpoints, () -> NOW, log::add);
        }

        @Override
        public void close() throws java.sql.SQLException {
            store.close();
        }
    }

    /** Every post a complete search crawl must store: results and reposted originals, ordered by mid. */
    public static List<WeiboPost> expectedSearchPosts(FakeData data, boolean withIp) {
        List<WeiboPost> out = new ArrayList<>();
        for (FakeData.SearchRecord r : data.search()) {
            out.add(withIp ? r.post() : r.post().withIp(""));
            if (r.original() != null) {
                out.add(r.original());
            }
        }
        out.sort(Comparator.comparing((WeiboPost p) -> p.id().length()).thenComparing(WeiboPost::id));
        return out;
    }

    /** The results of one window as the fake orders them (newest first). */
    public static List<FakeData.SearchRecord> window(FakeData data, LocalDateTime start, LocalDateTime end) {
        return data.search().stream()
                .filter(r -> !r.post().createdAt().isBefore(start) && r.post().createdAt().isBefore(end))
                .sorted(Comparator.comparing((FakeData.SearchRecord r) -> r.post().createdAt())
                        .thenComparing(r -> Long.parseLong(r.post().id())).reversed())
                .toList();
    }

    /** The timeline the user crawler must store for a user: whole pages until 200 posts, 40 pages, or since_date. */
    public static List<WeiboPost> expectedTimeline(FakeData data, String uid, LocalDate since) {
        List<FakeData.TimelineRecord> all = Objects.requireNonNull(data.timelines().get(uid));
        List<WeiboPost> out = new ArrayList<>();
        int pages = Math.min(40, (all.size() + 9) / 10);
        for (int page = 1; page <= pages; page++) {
            for (FakeData.TimelineRecord r : all.subList((page - 1) * 10, Math.min(all.size(), page * 10))) {
                if (r.post().createdAt().toLocalDate().isBefore(since) && !r.pinned()) {
                    return out;
                }
                out.add(r.post());
            }
            if (out.size() >= 200) {
                return out;
            }
        }
        return out;
    }
}
