package socialalign.pipeline.crawl.http;

/**
 * Weibo refused the crawler (418, 403, a login redirect or a captcha/visitor page): retrying would only
 * make it worse, so the source stops and everything already stored is kept.
 */
public final class BlockedException extends Exception {

    public BlockedException(String message) {
        super(message);
    }
}
