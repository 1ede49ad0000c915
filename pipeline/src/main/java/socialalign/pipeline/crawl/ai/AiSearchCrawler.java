package socialalign.pipeline.crawl.ai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.WeiboEndpoints;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.browser.BrowserTab;
import socialalign.pipeline.crawl.browser.HeadlessChromium;
import socialalign.pipeline.crawl.http.BlockedException;
import socialalign.pipeline.crawl.http.CrawlConfig;
import socialalign.pipeline.crawl.http.CrawlStats;
import socialalign.pipeline.crawl.http.FetchFailedException;
import socialalign.pipeline.crawl.http.WeiboHttp;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;

/**
 * The 微博智搜 crawl (spec A2) in a real headless browser: load the result page, scroll until the list
 * stops growing, then for each card learn the weibo.com page its click opens, load that page and read the
 * author id and text. Each result is committed on its own, keyed by its numeric mid (spec F.9), so a
 * rerun fetches only what is missing.
 *
 * <p>Unlike the reference, where the first exception ended the whole crawl, a page that fails is retried
 * with backoff and then logged and skipped; WeiboHttp's politeness applies to every page and list load;
 * a 418/403, a login redirect or a captcha page stops the source with {@link BlockedException}.
 */
public final class AiSearchCrawler {

    private static final String ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.8,en-US;q=0.7";
    // Vant's list, which the page is built with, shows these while loading, after a failed load and at the end.
    private static final String LOADING = ".van-list__loading";
    private static final String ERROR = ".van-list__error-text";
    private static final String FINISHED = ".van-list__finished-text";
    private static final Set<String> PAGE_LOADS = Set.of("Document", "XHR", "Fetch");
    private static final long POLL_MILLIS = 50;

    private final HeadlessChromium browser;
    private final CrawlConfig config;
    private final CrawlStats stats;
    private final CrawlStore store;
    private final WeiboEndpoints endpoints;
    private final Supplier<LocalDateTime> clock;
    private final Consumer<String> log;
    private final AiSearchParser parser = new AiSearchParser();

    /**
     * @param browser a started browser, which stays the caller's to close
     * @param clock   the crawl time (Beijing local time) that relative times refer to
     * @param log     progress and warnings, one line each
     */
    public AiSearchCrawler(HeadlessChromium browser, CrawlConfig config, CrawlStats stats, CrawlStore store,
                           WeiboEndpoints endpoints, Supplier<LocalDateTime> clock, Consumer<String> log) {
        this.browser = browser;
        this.config = config;
        this.stats = stats;
        this.store = store;
        this.endpoints = endpoints;
        this.clock = clock;
        this.log = log;
    }

    /** The reference's start URL for a query: {@code /web/other/ai/blogs2?dt={unix seconds}&query=...&tab=}. */
    public static URI url(URI base, String query, Instant now) {
        return base.resolve("/web/other/ai/blogs2?dt=" + now.getEpochSecond() + "&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20") + "&tab=");
    }

    /** The {@code query} parameter of a result-page URL: the store keeps results under it. */
    public static String queryOf(URI url) {
        String raw = url.getRawQuery() == null ? "" : url.getRawQuery();
        for (String pair : raw.split("&")) {
            if (pair.startsWith("query=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no query= parameter in " + url);
    }

    /** Crawls one result page; returns when done or given up on (logged), throws when Weibo blocks. */
    public void crawl(URI start) throws BlockedException, SQLException, IOException, InterruptedException {
        String query = queryOf(start);
        if (store.taskState(Source.AI_SEARCH, query).orElse("").equals("done")) {
            log.accept("already complete in the store: " + query);
            return;
        }
        try (BrowserTab list = tab(endpoints.ai()); BrowserTab detail = tab(endpoints.weibo())) {
            try {
                load(list, start, AiSearchParser.LIST_READY, html -> html);
            } catch (FetchFailedException e) {
                log.accept("skipped " + e.getMessage());
                return;
            }
            boolean complete = scrollToEnd(list, start);
            List<String> names = parser.cardNames(list.html());
            log.accept(start + ": " + names.size() + " results listed");
            int stored = 0;
            for (int i = 0; i < names.size(); i++) {
                String where = "result " + (i + 1) + "/" + names.size() + " of " + start;
                JsonNode opened = list.evaluate(openedUrl(i));
                if (!opened.isTextual() || opened.asText().isEmpty()) {
                    log.accept("skipped " + where + ": clicking it opens no page");
                    stats.failures.incrementAndGet();
                    complete = false;
                    continue;
                }
                URI url = URI.create(opened.asText());
                String name = names.get(i);
                try {
                    if (store.post(Source.AI_SEARCH, AiSearchParser.mid(url)).isPresent()) {
                        continue;
                    }
                    WeiboPost post = load(detail, url, AiSearchParser.DETAIL_READY, html -> parser.detail(html, url, name, clock.get()));
                    if (post == null) {
                        log.accept("dropped " + where + " (" + url + "): no author name, id or text, as the reference drops it");
                        continue;
                    }
                    store.commitQueryPage(Source.AI_SEARCH, query, query, i + 1, List.of(post), null);
                    stats.posts.incrementAndGet();
                    stored++;
                    log.accept(where + ": mid " + post.id() + " by " + post.screenName());
                } catch (MalformedPageException | FetchFailedException e) {
                    log.accept("skipped " + where + ": " + e.getMessage());
                    complete = false;
                }
            }
            store.markTask(Source.AI_SEARCH, query, complete ? "done" : "open");
            log.accept(query + ": " + stored + " new results stored" + (complete ? "" : "; some were skipped, rerun to fetch only those"));
        }
    }

    private BrowserTab tab(URI site) throws IOException, InterruptedException {
        BrowserTab tab = browser.newTab();
        tab.userAgent(config.userAgent(), ACCEPT_LANGUAGE);
        if (!config.cookie().isEmpty()) {
            tab.cookies(site, config.cookie());
        }
        return tab;
    }

    /**
     * Loads a page until {@code ready} matches and the parser accepts it, retrying transient failures
     * (5xx, failed loads, pages that never render) with backoff, as {@link WeiboHttp#get} does for plain requests.
     */
    private <T> T load(BrowserTab tab, URI url, String ready, WeiboHttp.BodyParser<T> parse)
            throws BlockedException, FetchFailedException, IOException, InterruptedException {
        String last = "";
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                stats.retries.incrementAndGet();
                Thread.sleep(config.backoffMillis(attempt - 1));
            }
            Thread.sleep(config.delayMillis());
            stats.requests.incrementAndGet();
            BrowserTab.Navigation nav = tab.navigate(url, config.timeout());
            checkBlocked(tab);
            if (nav.status() != 200 || !nav.errorText().isEmpty()) {
                last = nav.status() == 0 ? nav.errorText() : "HTTP " + nav.status();
                continue;
            }
            checkChallenge(tab, url);
            boolean rendered = waitFor(tab, "!!document.querySelector('" + ready + "')");
            String html = checkChallenge(tab, url);
            if (!rendered) {
                last = "malformed page: nothing matched " + ready + " within " + config.timeout() + failures(tab);
                continue;
            }
            try {
                T value = parse.parse(html);
                stats.pages.incrementAndGet();
                return value;
            } catch (MalformedPageException e) {
                last = "malformed page: " + e.getMessage();
            }
        }
        stats.failures.incrementAndGet();
        throw new FetchFailedException("giving up on " + url + " after " + config.maxAttempts() + " attempts: " + last, null);
    }

    /**
     * Spec A2 step 2, scroll to the bottom until the list stops growing; a failed batch load is retried
     * through the list's own retry link. Returns whether the list ended normally.
     */
    // Weibo's visitor and captcha pages, which never render results.
    private static String checkChallenge(BrowserTab tab, URI url) throws BlockedException, IOException, InterruptedException {
        String html = tab.html();
        if (WeiboHttp.looksLikeChallenge(html)) {
            throw new BlockedException("Weibo answered " + url + " with a login/captcha page: refresh the cookie ("
                    + CrawlConfig.COOKIE_ENV + ") and rerun to continue");
        }
        return html;
    }

    private boolean scrollToEnd(BrowserTab list, URI start) throws BlockedException, IOException, InterruptedException {
        list.bringToFront();
        int failed = 0;
        while (true) {
            ListState before = listState(list);
            if (before.finished()) {
                return true;
            }
            if (before.error()) {
                if (++failed >= config.maxAttempts()) {
                    log.accept("list of " + start + ": loading more failed " + failed + " times; keeping the "
                            + before.cards() + " results shown");
                    stats.failures.incrementAndGet();
                    return false;
                }
                stats.retries.incrementAndGet();
                Thread.sleep(config.backoffMillis(failed));
            }
            Thread.sleep(config.delayMillis());
            stats.requests.incrementAndGet();
            list.clearNetworkLog();
            list.evaluate(before.error()
                    ? "document.querySelector('" + ERROR + "').click()"
                    : "window.scrollTo(0, document.body.scrollHeight)");
            boolean changed = waitFor(list, "(() => { const s = " + STATE + "; return s.cards !== " + before.cards()
                    + " || s.height !== " + before.height() + " || s.finished || s.error; })()");
            ListState after = listState(list);
            if (after.cards() > before.cards()) {
                failed = 0;
                stats.pages.incrementAndGet();
                log.accept("list of " + start + ": " + after.cards() + " results");
            } else if (!changed && !after.loading()) {
                return true; // the reference's end: the height stopped changing
            } else if (!changed) {
                failed++;
                log.accept("list of " + start + ": still loading after " + config.timeout() + "; scrolling again");
                if (failed >= config.maxAttempts()) {
                    stats.failures.incrementAndGet();
                    return false;
                }
            }
        }
    }

    private record ListState(int cards, long height, boolean loading, boolean error, boolean finished) {}

    private static final String STATE = "({cards: document.querySelectorAll('" + AiSearchParser.CARD + "').length, "
            + "height: document.body.scrollHeight, loading: !!document.querySelector('" + LOADING + "'), "
            + "error: !!document.querySelector('" + ERROR + "'), finished: !!document.querySelector('" + FINISHED + "')})";

    private static ListState listState(BrowserTab list) throws IOException, InterruptedException {
        JsonNode s = list.evaluate(STATE);
        return new ListState(s.path("cards").asInt(), s.path("height").asLong(), s.path("loading").asBoolean(),
                s.path("error").asBoolean(), s.path("finished").asBoolean());
    }

    /**
     * Spec A2 step 3 clicks card {@code i} and switches to the window it opens. Here the click runs with
     * {@code window.open} captured, so the page is loaded once, in our own tab, under the politeness rules.
     */
    private static String openedUrl(int i) {
        return "(() => { const card = document.querySelectorAll('" + AiSearchParser.CARD + "')[" + i + "];"
                + " if (!card) return null;"
                + " const link = card.closest('a[href]'); if (link) return link.href;"
                + " const opened = []; const open = window.open;"
                + " window.open = (u) => { opened.push(String(u)); return null; };"
                + " try { card.click(); } finally { window.open = open; }"
                + " return opened.length ? new URL(opened[0], location.href).href : null; })()";
    }

    // Polls the condition until it holds (true) or the timeout passes (false), stopping early on a block or a failed load.
    private boolean waitFor(BrowserTab tab, String condition) throws BlockedException, IOException, InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            checkBlocked(tab);
            if (tab.evaluate(condition).asBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline || !failures(tab).isEmpty()) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String failures(BrowserTab tab) {
        StringBuilder s = new StringBuilder();
        for (BrowserTab.Response r : tab.responses()) {
            if (r.status() >= 500 && PAGE_LOADS.contains(r.type())) {
                s.append("; HTTP ").append(r.status()).append(" from ").append(r.url());
            }
        }
        for (String f : tab.failedLoads()) {
            if (PAGE_LOADS.stream().anyMatch(f::startsWith)) {
                s.append("; ").append(f);
            }
        }
        return s.toString();
    }

    // The same signals as WeiboHttp: 418 or 403 on the page or its data, or a redirect to the login page.
    private static void checkBlocked(BrowserTab tab) throws BlockedException {
        for (BrowserTab.Response r : tab.responses()) {
            if ((r.status() == 418 || r.status() == 403) && PAGE_LOADS.contains(r.type())) {
                throw new BlockedException("Weibo answered " + r.status() + " to " + r.url()
                        + ": the crawler is blocked for now; everything gathered is kept, rerun later to continue");
            }
        }
        for (String target : tab.redirects()) {
            if (WeiboHttp.isLogin(target)) {
                throw new BlockedException("Weibo redirected to a login page (" + target + "): the cookie ("
                        + CrawlConfig.COOKIE_ENV + ") is missing or expired; set it and rerun to continue");
            }
        }
    }
}
