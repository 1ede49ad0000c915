package socialalign.pipeline.crawl.http;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one crawl run, for the progress line and the final summary. */
public final class CrawlStats {

    public final AtomicLong pages = new AtomicLong();
    public final AtomicLong posts = new AtomicLong();
    public final AtomicLong users = new AtomicLong();
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong failures = new AtomicLong();

    /** One line: pages, posts, users, requests, retries, failures. */
    public String summary() {
        return "pages %d, posts %d, users %d, requests %d, retries %d, failures %d".formatted(
                pages.get(), posts.get(), users.get(), requests.get(), retries.get(), failures.get());
    }
}
