package socialalign.pipeline.crawl.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.fake.FakeData.SearchRecord;
import socialalign.pipeline.crawl.fake.FakeData.TimelineRecord;
import socialalign.pipeline.crawl.fake.FaultPlan.Fault;

/**
 * A local fake of the Weibo sources, on 127.0.0.1 and a free port: s.weibo.com result pages (10 per
 * page, at most 50 pages shown: the page cap), weibo.com's region lookup, m.weibo.cn's container
 * API and detail pages, and 微博智搜's script-rendered result list (batches of 10, at most 10 batches)
 * with weibo.com detail pages, all generated from {@link FakeData}, with faults injected per {@link FaultPlan}.
 */
public final class FakeWeibo implements AutoCloseable {

    /** Results per s.weibo.com page. */
    public static final int SEARCH_PAGE_SIZE = 10;
    private static final int MAX_SHOWN_PAGES = 50;
    /** Results per 微博智搜 batch, and the batches the list shows at most. */
    public static final int AI_BATCH_SIZE = 10;
    public static final int AI_MAX_BATCHES = 10;
    private static final Pattern DETAIL_PATH = Pattern.compile("/\\d+/([0-9A-Za-z]+)");

    private final FakeData data;
    private final LocalDateTime now;
    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, TimelineRecord> byMid = new HashMap<>();
    private final Map<String, String> ipByBid = new HashMap<>();
    private final Map<String, WeiboPost> aiByBid = new HashMap<>();
    private volatile FaultPlan faults;
    private Random random;

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Starts serving {@code data}; {@code now} is the time that relative times are shown against. */
    public FakeWeibo(FakeData data, FaultPlan faults, LocalDateTime now) throws IOException {
        this.data = data;
        this.now = now;
        faults(faults);
        data.timelines().values().forEach(t -> t.forEach(r -> byMid.put(r.post().id(), r)));
        data.search().forEach(r -> ipByBid.put(r.post().bid(), r.post().ip()));
        data.aiSearch().forEach(r -> aiByBid.put(r.post().bid(), r.post()));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Replaces the fault plan (and restarts its random draws). */
    public synchronized void faults(FaultPlan plan) {
        this.faults = plan;
        this.random = plan.random();
        this.requests.set(0);
    }

    /** Requests served since the fault plan was set. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long n = requests.getAndIncrement();
            URI uri = ex.getRequestURI();
            Fault fault = draw(n, uri.toString());
            if (fault != null && inject(ex, fault)) {
                return;
            }
            Map<String, String> q = query(uri);
            String path = uri.getPath();
            if (path.equals("/weibo")) {
                send(ex, 200, "text/html; charset=utf-8", search(q), fault);
            } else if (path.equals("/web/other/ai/blogs2")) {
                send(ex, 200, "text/html; charset=utf-8", FakeAiSearchPages.listPage(), fault);
            } else if (path.equals(FakeAiSearchPages.BATCH_PATH)) {
                send(ex, 200, "application/json; charset=utf-8", aiBatch(q), fault);
            } else if (DETAIL_PATH.matcher(path).matches() && aiByBid.containsKey(path.substring(path.lastIndexOf('/') + 1))) {
                send(ex, 200, "text/html; charset=utf-8", FakeAiSearchPages.detailPage(path.substring(path.lastIndexOf('/') + 1)), fault);
            } else if (path.equals("/ajax/statuses/show") && aiByBid.containsKey(q.getOrDefault("id", ""))) {
                send(ex, 200, "application/json; charset=utf-8", FakeAiSearchPages.status(aiByBid.get(q.get("id"))), fault);
            } else if (path.equals("/ajax/statuses/show")) {
                String region = ipByBid.getOrDefault(q.getOrDefault("id", ""), "");
                send(ex, 200, "application/json", region.isEmpty() ? "{\"ok\":1}" : "{\"ok\":1,\"region_name\":\"发布于 " + region + "\"}", fault);
            } else if (path.equals("/api/container/getIndex")) {
                send(ex, 200, "application/json; charset=utf-8", container(q.getOrDefault("containerid", ""), q), fault);
            } else if (path.startsWith("/detail/") && byMid.containsKey(path.substring(8))) {
                send(ex, 200, "text/html; charset=utf-8", FakeMobileApi.detail(byMid.get(path.substring(8))), fault);
            } else {
                send(ex, 404, "text/plain", "not found", null);
            }
        } catch (IOException | RuntimeException e) {
            // A client that gave up (timeouts) or a deliberately broken response: nothing to do.
        }
    }

    private synchronized Fault draw(long n, String url) {
        FaultPlan plan = faults;
        if (plan.blockAfter() >= 0 && n >= plan.blockAfter()) {
            return plan.block();
        }
        if (plan.brokenPaths().stream().anyMatch(url::contains)) {
            return Fault.MALFORMED;
        }
        if (plan.rate() > 0 && random.nextDouble() < plan.rate()) {
            return plan.transientKinds().get(random.nextInt(plan.transientKinds().size()));
        }
        return null;
    }

    // Answers the request with the fault, or returns false when the fault applies to the body (TRUNCATED, MALFORMED).
    private boolean inject(HttpExchange ex, Fault fault) throws IOException {
        switch (fault) {
            case SERVER_500 -> send(ex, 500, "text/html", "<html><body>Internal Server Error</body></html>", null);
            case SERVICE_503 -> send(ex, 503, "text/html", "<html><body>Service Unavailable</body></html>", null);
            case TEAPOT_418 -> send(ex, 418, "text/html", "<html><body>I'm a teapot</body></html>", null);
            case FORBIDDEN_403 -> send(ex, 403, "text/html", "<html><body>Forbidden</body></html>", null);
            case LOGIN_REDIRECT -> {
                ex.getResponseHeaders().add("Location", "https://passport.weibo.com/visitor/visitor?entry=miniblog&url=" + ex.getRequestURI());
                ex.sendResponseHeaders(302, -1);
            }
            case CAPTCHA -> send(ex, 200, "text/html", "<html><head><title>Sina Visitor System</title></head><body>请输入验证码</body></html>", null);
            case TIMEOUT -> {
                try {
                    Thread.sleep(faults.stall().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            case TRUNCATED, MALFORMED -> {
                return false;
            }
        }
        return true;
    }

    private static void send(HttpExchange ex, int status, String type, String body, Fault fault) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (fault == Fault.MALFORMED) {
            // A page cut inside the first card (or JSON cut mid-object): it parses, but is none of the layouts.
            bytes = ("<!DOCTYPE html><html><body><div id=\"pl_feedlist_index\"><div class=\"card-wrap\" mid=\"1\"><div class=\"ca"
                    + body.substring(0, Math.min(body.length(), 40)).replace("<", "")).getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().add("Content-Type", type);
        // TRUNCATED: a complete chunked response holding only the first half of the body, as a cut proxy sends.
        ex.sendResponseHeaders(status, fault == Fault.TRUNCATED ? 0 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes, 0, fault == Fault.TRUNCATED ? bytes.length / 2 : bytes.length);
        }
    }

    private String search(Map<String, String> q) {
        String keyword = q.getOrDefault("q", "");
        String[] time = q.getOrDefault("timescope", "custom:1970-01-01-0:3000-01-01-0").split(":");
        LocalDateTime start = token(time[1]);
        LocalDateTime end = token(time[2]);
        int province = 0;
        int city = 1000;
        if (q.containsKey("region")) {
            String[] region = q.get("region").split(":");
            province = Integer.parseInt(region[1]);
            city = Integer.parseInt(region[2]);
        }
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        int p = province;
        int c = city;
        List<SearchRecord> hits = data.search().stream()
                .filter(r -> r.keyword().equals(keyword))
                .filter(r -> !r.post().createdAt().isBefore(start) && r.post().createdAt().isBefore(end))
                .filter(r -> p == 0 || r.province() == p)
                .filter(r -> c == 1000 || r.city() == c)
                .sorted(Comparator.comparing((SearchRecord r) -> r.post().createdAt()).thenComparing(r -> Long.parseLong(r.post().id())).reversed())
                .toList();
        int pages = Math.min(MAX_SHOWN_PAGES, (hits.size() + SEARCH_PAGE_SIZE - 1) / SEARCH_PAGE_SIZE);
        if (hits.isEmpty() || page > pages) {
            return FakeSearchPages.noResult();
        }
        List<SearchRecord> cards = hits.subList((page - 1) * SEARCH_PAGE_SIZE, Math.min(hits.size(), page * SEARCH_PAGE_SIZE));
        String next = page < pages ? nextHref(q, page + 1) : null;
        return FakeSearchPages.page(cards, page, pages, next, now);
    }

    private String aiBatch(Map<String, String> q) {
        String query = q.getOrDefault("query", "");
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        List<WeiboPost> hits = data.aiSearch().stream()
                .filter(r -> r.query().equals(query)).map(FakeData.AiSearchRecord::post).toList();
        int shown = Math.min(hits.size(), AI_BATCH_SIZE * AI_MAX_BATCHES);
        int from = Math.min(shown, (page - 1) * AI_BATCH_SIZE);
        int to = Math.min(shown, page * AI_BATCH_SIZE);
        return FakeAiSearchPages.batch(hits.subList(from, to), to < shown);
    }

    private static String nextHref(Map<String, String> q, int page) {
        StringBuilder href = new StringBuilder("/weibo?q=").append(java.net.URLEncoder.encode(q.get("q"), StandardCharsets.UTF_8));
        q.forEach((k, v) -> {
            if (!k.equals("q") && !k.equals("page")) {
                href.append('&').append(k).append('=').append(v);
            }
        });
        return href.append("&page=").append(page).toString();
    }

    private String container(String id, Map<String, String> q) {
        if (id.startsWith("100505") && data.users().containsKey(id.substring(6))) {
            return FakeMobileApi.profile(data.users().get(id.substring(6)));
        }
        if (id.startsWith("230283") && id.endsWith("_-_INFO")) {
            String uid = id.substring(6, id.length() - 7);
            if (data.users().containsKey(uid)) {
                return FakeMobileApi.details(data.users().get(uid));
            }
        }
        if (id.startsWith("230413") && data.timelines().containsKey(id.substring(6))) {
            return FakeMobileApi.timeline(data.timelines().get(id.substring(6)), Integer.parseInt(q.getOrDefault("page", "1")));
        }
        return "{\"ok\":0,\"msg\":\"用户不存在\"}";
    }

    private static LocalDateTime token(String t) {
        int cut = t.lastIndexOf('-');
        return LocalDate.parse(t.substring(0, cut)).atTime(Integer.parseInt(t.substring(cut + 1)), 0);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }
}
