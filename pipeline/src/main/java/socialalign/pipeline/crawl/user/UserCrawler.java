package socialalign.pipeline.crawl.user;

import java.net.URI;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.http.BlockedException;
import socialalign.pipeline.crawl.http.FetchFailedException;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/**
 * User profiles and histories through the m.weibo.cn container API (spec A3), and the collect step of
 * spec A4 (every author of a source's results). Limits as the reference: at most 200 posts (checked
 * after whole pages) and 40 pages per user, {@code ceil(statuses_count / 10)} pages, and a stop at the
 * first unpinned post older than {@code sinceDate}. Each page is committed with its progress mark.
 */
public final class UserCrawler {

    /** The reference's {@code max_weibo_count}. */
    public static final int MAX_POSTS = 200;
    /** The reference's {@code max_page_count}. */
    public static final int MAX_PAGES = 40;

    private static final Map<String, String> JSON_HEADERS = Map.of(
            "Accept", "application/json, text/plain, */*", "X-Requested-With", "XMLHttpRequest", "MWeibo-Pwa", "1");

    private final WeiboHttp http;
    private final CrawlStore store;
    private final WeiboEndpoints endpoints;
    private final Supplier<LocalDateTime> clock;
    private final Consumer<String> log;
    private final ContainerApiParser parser = new ContainerApiParser();

    public UserCrawler(WeiboHttp http, CrawlStore store, WeiboEndpoints endpoints,
                       Supplier<LocalDateTime> clock, Consumer<String> log) {
        this.http = http;
        this.store = store;
        this.endpoints = endpoints;
        this.clock = clock;
        this.log = log;
    }

    /** Spec A4: crawls every author found by a source, skipping finished users, {@code workers} users at a time. */
    public void collectAuthors(Source source, LocalDate sinceDate, int workers)
            throws BlockedException, SQLException, InterruptedException {
        crawl(store.queryAuthors(source), sinceDate, workers);
    }

    /** Crawls these users ({@code workers} at a time; the per-host cap still applies); stops all at the first block. */
    public void crawl(List<String> userIds, LocalDate sinceDate, int workers)
            throws BlockedException, SQLException, InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers), Thread.ofVirtual().factory())) {
            List<Future<Void>> running = new ArrayList<>();
            for (String uid : userIds) {
                running.add(pool.submit(() -> {
                    crawl(uid, sinceDate);
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    running.forEach(r -> r.cancel(true));
                    switch (e.getCause()) {
                        case BlockedException b -> throw b;
                        case SQLException s -> throw s;
                        case InterruptedException i -> throw i;
                        case RuntimeException r -> throw r;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        }
    }

    /** Crawls one user's profile and timeline, continuing after the last committed page. */
    public void crawl(String uid, LocalDate sinceDate) throws BlockedException, SQLException, InterruptedException {
        if (store.taskState(Source.TIMELINE, uid).orElse("").equals("done")) {
            return;
        }
        try {
            WeiboUser user = store.user(uid).orElse(null);
            if (user == null) {
                user = fetchProfile(uid);
                store.commitUser(user);
                http.stats().users.incrementAndGet();
            }
            int pageCount = (int) Math.min(MAX_PAGES, (user.statusesCount() + 9) / 10);
            int got = store.userPostCount(uid);
            for (int page = store.lastPage(Source.TIMELINE, uid) + 1; ; page++) {
                if (page > pageCount) {
                    store.markTask(Source.TIMELINE, uid, "done");
                    return;
                }
                URI url = endpoints.mobile().resolve("/api/container/getIndex?containerid=230413" + uid + "&page=" + page);
                LocalDateTime now = clock.get();
                List<TimelineEntry> entries = http.get(url, JSON_HEADERS, body -> parser.timeline(parser.json(body), now));
                http.stats().pages.incrementAndGet();
                List<WeiboPost> posts = new ArrayList<>();
                List<WeiboPost> originals = new ArrayList<>();
                boolean tooOld = false;
                for (TimelineEntry e : entries) {
                    if (e.post().createdAt().toLocalDate().isBefore(sinceDate) && !e.pinned()) {
                        tooOld = true;
                        break;
                    }
                    posts.add(e.longText() ? expanded(e.post()) : e.post());
                    if (e.retweet() != null) {
                        originals.add(e.retweetLongText() ? expanded(e.retweet()) : e.retweet());
                    }
                }
                got += posts.size();
                boolean last = entries.isEmpty() || tooOld || got >= MAX_POSTS || page >= pageCount;
                store.commitTimelinePage(uid, page, posts, originals, last ? "done" : null);
                http.stats().posts.addAndGet(posts.size());
                if (last) {
                    log.accept("user " + uid + ": " + got + " posts");
                    return;
                }
            }
        } catch (FetchFailedException e) {
            // The user stays unfinished: a rerun continues after the last committed page.
            log.accept("skipped user " + uid + ": " + e.getMessage());
        }
    }

    private WeiboUser fetchProfile(String uid) throws BlockedException, FetchFailedException, InterruptedException {
        URI profileUrl = endpoints.mobile().resolve("/api/container/getIndex?containerid=100505" + uid);
        WeiboUser profile = http.get(profileUrl, JSON_HEADERS, body -> parser.profile(parser.json(body), uid));
        URI detailsUrl = endpoints.mobile().resolve("/api/container/getIndex?containerid=230283" + uid + "_-_INFO");
        return http.get(detailsUrl, JSON_HEADERS, body -> parser.details(parser.json(body), profile));
    }

    // Long posts are cut in the timeline; the detail page's status replaces the whole post (text, @users, topics),
    // as the reference's get_long_weibo. On failure the cut one is kept, as there.
    private WeiboPost expanded(WeiboPost post) throws BlockedException, InterruptedException {
        URI url = endpoints.mobile().resolve("/detail/" + post.id());
        try {
            LocalDateTime now = clock.get();
            return http.get(url, WeiboHttp.HTML, body -> parser.detail(body, now));
        } catch (FetchFailedException e) {
            log.accept("long text kept short: " + e.getMessage());
            return post;
        }
    }
}
