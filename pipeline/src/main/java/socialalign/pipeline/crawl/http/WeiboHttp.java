package socialalign.pipeline.crawl.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import socialalign.pipeline.crawl.MalformedPageException;

/**
 * The crawler's HTTP client: a real User-Agent, the cookie, a randomised pause and a concurrency cap
 * per host, retries with exponential backoff and jitter on timeouts, 5xx, broken and malformed bodies,
 * and a hard stop ({@link BlockedException}) when Weibo blocks or asks for a login or a captcha.
 */
public final class WeiboHttp {

    /** Turns a body into a value, or says it is malformed (which is retried, then reported). */
    @FunctionalInterface
    public interface BodyParser<T> {
        T parse(String body) throws MalformedPageException;
    }

    private static final Logger LOG = Logger.getLogger(WeiboHttp.class.getName());
    /** The headers of a page a browser navigates to (search results, a post's page). */
    public static final Map<String, String> HTML = Map.of("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    private static final int MAX_REDIRECTS = 5;

    private final CrawlConfig config;
    private final CrawlStats stats;
    private final HttpClient client;
    private final Map<String, Semaphore> perHost = new ConcurrentHashMap<>();

    public WeiboHttp(CrawlConfig config, CrawlStats stats) {
        this.config = config;
        this.stats = stats;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout())
                .build();
    }

    public CrawlStats stats() {
        return stats;
    }

    /**
     * GETs {@code uri} and parses the body, retrying transient failures.
     *
     * @throws BlockedException     on 418, 403, a login redirect or a captcha page
     * @throws FetchFailedException when every attempt failed; the message names the URL
     */
    public <T> T get(URI uri, Map<String, String> headers, BodyParser<T> parser)
            throws BlockedException, FetchFailedException, InterruptedException {
        Exception last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                stats.retries.incrementAndGet();
                backoff(attempt - 1);
            }
            try {
                String body = fetch(uri, headers);
                try {
                    return parser.parse(body);
                } catch (MalformedPageException e) {
                    if (looksLikeChallenge(body)) {
                        throw new BlockedException("Weibo answered " + uri + " with a login/captcha page: "
                                + "refresh the cookie (" + CrawlConfig.COOKIE_ENV + ") and rerun to continue");
                    }
                    last = e;
                    LOG.fine(() -> "malformed page " + uri + ": " + e.getMessage());
                }
            } catch (RetryableStatusException | IOException e) {
                last = e;
                LOG.fine(() -> "retrying " + uri + ": " + e);
            }
        }
        stats.failures.incrementAndGet();
        throw new FetchFailedException("giving up on " + uri + " after " + config.maxAttempts() + " attempts: "
                + (last == null ? "" : last.getMessage()), last);
    }

    private String fetch(URI start, Map<String, String> headers)
            throws IOException, InterruptedException, BlockedException, RetryableStatusException {
        URI uri = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<String> response = send(uri, headers);
            int status = response.statusCode();
            if (status == 418 || status == 403) {
                throw new BlockedException("Weibo answered " + status + " to " + uri
                        + ": the crawler is blocked for now; everything gathered is kept, rerun later to continue");
            }
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElse("");
                if (isLogin(location)) {
                    throw new BlockedException("Weibo redirected " + uri + " to a login page: the cookie ("
                            + CrawlConfig.COOKIE_ENV + ") is missing or expired; set it and rerun to continue");
                }
                uri = uri.resolve(location);
                continue;
            }
            if (status >= 500 || status == 429 || status == 408) {
                throw new RetryableStatusException("HTTP " + status + " from " + uri);
            }
            if (status != 200) {
                throw new RetryableStatusException("HTTP " + status + " from " + uri);
            }
            return response.body();
        }
        throw new IOException("too many redirects from " + start);
    }

    private HttpResponse<String> send(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        Semaphore slot = perHost.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), h -> new Semaphore(config.maxPerHost()));
        slot.acquire();
        try {
            pause();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET()
                    .header("User-Agent", config.userAgent())
                    .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8,en-US;q=0.7");
            if (!config.cookie().isEmpty()) {
                request.header("Cookie", config.cookie());
            }
            headers.forEach(request::header);
            stats.requests.incrementAndGet();
            // The request timeout covers only the headers; a stalled body is cut off by this wait on the whole exchange.
            CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
            try {
                return exchange.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true);
                throw new HttpTimeoutException("no complete response from " + uri + " within " + config.timeout());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        } finally {
            slot.release();
        }
    }

    private void pause() throws InterruptedException {
        long millis = config.delayMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private void backoff(int retry) throws InterruptedException {
        long millis = config.backoffMillis(retry);
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** Whether a redirect target or page URL is Weibo's login or sign-in page. */
    public static boolean isLogin(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        return l.contains("passport.weibo") || l.contains("login.sina") || l.contains("/login") || l.contains("signin");
    }

    /** Weibo's visitor system, its login form and its captcha pages, which never parse as results. */
    public static boolean looksLikeChallenge(String body) {
        String head = body.length() > 4000 ? body.substring(0, 4000) : body;
        return head.contains("Sina Visitor System") || head.contains("passport.weibo.com")
                || head.contains("验证码") || head.toLowerCase(Locale.ROOT).contains("captcha");
    }

    private static final class RetryableStatusException extends Exception {
        RetryableStatusException(String message) {
            super(message);
        }
    }
}
