package socialalign.pipeline.crawl.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Politeness and robustness settings of the crawler.
 *
 * @param delayMin        shortest pause before a request to a host (the reference: Scrapy's 0.5 × 10 s)
 * @param delayMax        longest pause (1.5 × 10 s)
 * @param maxPerHost      requests in flight per host
 * @param maxAttempts     tries per request, counting the first
 * @param timeout         per-request timeout
 * @param backoff         first retry pause; doubled per retry, with ±50 % jitter
 * @param cookie          the logged-in weibo.com cookie, {@code ""} for none; never printed
 * @param userAgent       a real browser User-Agent (the reference sent none: spec F.8)
 */
public record CrawlConfig(Duration delayMin, Duration delayMax, int maxPerHost, int maxAttempts,
                          Duration timeout, Duration backoff, String cookie, String userAgent) {

    /** The environment variable holding the cookie. */
    public static final String COOKIE_ENV = "WEIBO_COOKIE";

    public static final String CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    public CrawlConfig {
        if (delayMin.compareTo(delayMax) > 0 || delayMin.isNegative()) {
            throw new IllegalArgumentException("delay range must satisfy 0 <= min <= max: " + delayMin + " .. " + delayMax);
        }
        if (maxPerHost < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxPerHost and maxAttempts must be at least 1");
        }
    }

    /** A pause drawn uniformly from {@code delayMin..delayMax}, in milliseconds. */
    public long delayMillis() {
        long min = delayMin.toMillis();
        long max = delayMax.toMillis();
        return max > min ? ThreadLocalRandom.current().nextLong(min, max + 1) : min;
    }

    /** The pause before retry number {@code retry} (1, 2, ...): {@code backoff} doubled per retry, with ±50 % jitter. */
    public long backoffMillis(int retry) {
        double base = backoff.toMillis() * Math.pow(2, Math.min(retry - 1, 10));
        return Math.round(base * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    /** The reference's politeness: 5-15 s between requests, one at a time per host, 5 tries, 30 s timeout. */
    public static CrawlConfig defaults(String cookie) {
        return new CrawlConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), 1, 5,
                Duration.ofSeconds(30), Duration.ofSeconds(2), cookie, CHROME_UA);
    }

    /** No pauses, short timeouts: for the fake server in tests and benchmarks. */
    public static CrawlConfig fast(Duration timeout) {
        return new CrawlConfig(Duration.ZERO, Duration.ZERO, 4, 8, timeout, Duration.ofMillis(1), "", CHROME_UA);
    }

    /**
     * The cookie: the {@code WEIBO_COOKIE} variable, else the file (either the bare cookie or a
     * properties file with a {@code cookie=} line), else {@code ""}.
     */
    public static String resolveCookie(Map<String, String> env, Path file) throws IOException {
        String fromEnv = env.getOrDefault(COOKIE_ENV, "").strip();
        if (!fromEnv.isEmpty() || file == null) {
            return fromEnv;
        }
        String content = Files.readString(file, StandardCharsets.UTF_8).strip();
        Properties props = new Properties();
        props.load(new java.io.StringReader(content));
        return props.containsKey("cookie") ? props.getProperty("cookie").strip() : content;
    }

    @Override
    public String toString() {
        return "CrawlConfig[delay=%s..%s, maxPerHost=%d, maxAttempts=%d, timeout=%s, backoff=%s, cookie=%s, userAgent=%s]"
                .formatted(delayMin, delayMax, maxPerHost, maxAttempts, timeout, backoff,
                        cookie.isEmpty() ? "none" : "set (hidden)", userAgent);
    }
}
