package socialalign.pipeline.crawl.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.http.BlockedException;
import socialalign.pipeline.crawl.http.FetchFailedException;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/**
 * The hashtag search crawl (spec A1): pages through each window's results, subdividing a window whose
 * pagination reaches {@value SearchWindow#FURTHER_THRESHOLD} pages by day, hour, province and city,
 * and commits every page with its progress mark so that a rerun continues where the last run stopped.
 */
public final class SearchCrawler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WeiboHttp http;
    private final CrawlStore store;
    private final WeiboEndpoints endpoints;
    private final Supplier<LocalDateTime> clock;
    private final Consumer<String> log;
    private final SearchPageParser parser = new SearchPageParser();

    /**
     * @param clock the crawl time that relative times ("5分钟前") refer to, Beijing local time
     * @param log   progress and warnings, one line each
     */
    public SearchCrawler(WeiboHttp http, CrawlStore store, WeiboEndpoints endpoints,
                         Supplier<LocalDateTime> clock, Consumer<String> log) {
        this.http = http;
        this.store = store;
        this.endpoints = endpoints;
        this.clock = clock;
        this.log = log;
    }

    /** Crawls one keyword over the inclusive date range; returns normally when done, or throws when blocked. */
    public void crawl(String keyword, LocalDate start, LocalDate end, SearchOptions options)
            throws BlockedException, SQLException, InterruptedException {
        for (SearchWindow w : SearchWindow.initial(keyword, start, end, options)) {
            crawl(w);
        }
    }

    // Returns whether the window is complete; one whose first page failed stays open for a rerun, and so do its parents.
    private boolean crawl(SearchWindow w) throws BlockedException, SQLException, InterruptedException {
        String key = w.taskKey();
        String state = store.taskState(Source.SEARCH, key).orElse("");
        if (state.equals("done")) {
            return true;
        }
        if (state.equals("split")) {
            return crawlChildren(w);
        }
        for (int page = store.lastPage(Source.SEARCH, key) + 1; page <= SearchWindow.MAX_PAGES; page++) {
            URI url = w.url(endpoints.search(), page);
            SearchPage result;
            try {
                LocalDateTime now = clock.get();
                result = http.get(url, WeiboHttp.HTML, body -> parser.parse(body, now));
            } catch (FetchFailedException e) {
                log.accept("skipped " + e.getMessage());
                if (page == 1) {
                    return false;
                }
                store.skipPage(Source.SEARCH, key, page);
                continue;
            }
            http.stats().pages.incrementAndGet();
            if (result.noResult()) {
                store.commitQueryPage(Source.SEARCH, w.keyword(), key, page, List.of(), "done");
                return true;
            }
            if (page == 1 && w.splits(result.pageCount())) {
                store.markTask(Source.SEARCH, key, "split");
                return crawlChildren(w);
            }
            if (page == 1 && result.pageCount() >= SearchWindow.FURTHER_THRESHOLD) {
                log.accept("page cap: " + url + " shows " + result.pageCount() + " pages at city level; later results are unreachable");
            }
            List<WeiboPost> posts = withRegions(result, w.options().fetchIp());
            boolean last = !result.hasNext() || page == SearchWindow.MAX_PAGES;
            store.commitQueryPage(Source.SEARCH, w.keyword(), key, page, posts, last ? "done" : null);
            http.stats().posts.addAndGet(posts.size());
            log.accept("page " + page + " of " + url + ": " + posts.size() + " posts");
            if (last) {
                return true;
            }
        }
        return true;
    }

    private boolean crawlChildren(SearchWindow w) throws BlockedException, SQLException, InterruptedException {
        boolean complete = true;
        for (SearchWindow child : w.children()) {
            complete &= crawl(child);
        }
        if (complete) {
            store.markTask(Source.SEARCH, w.taskKey(), "done");
        }
        return complete;
    }

    // Spec A1 `ip`: one lookup per result card; the reposted originals carry none.
    private List<WeiboPost> withRegions(SearchPage page, boolean fetchIp) throws BlockedException, InterruptedException {
        List<WeiboPost> out = new ArrayList<>();
        for (SearchPage.Card c : page.cards()) {
            if (c.original() != null) {
                out.add(c.original());
            }
            out.add(fetchIp ? c.post().withIp(region(c.post().bid())) : c.post());
        }
        return out;
    }

    // weibo.com/ajax/statuses/show?id={bid}: region_name "发布于 广东" becomes 广东; '' on any failure.
    private String region(String bid) throws BlockedException, InterruptedException {
        URI url = endpoints.weibo().resolve("/ajax/statuses/show?id=" + bid + "&locale=zh-CN");
        try {
            return http.get(url, Map.of("Accept", "application/json"), body -> {
                try {
                    JsonNode region = JSON.readTree(body).path("region_name");
                    String[] tokens = region.asText("").strip().split("\\s+");
                    return tokens[tokens.length - 1];
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new MalformedPageException("not JSON");
                }
            });
        } catch (FetchFailedException e) {
            return "";
        }
    }
}
