package socialalign.pipeline.crawl.http;

/** A request that still failed (timeouts, 5xx, malformed bodies) after every retry; its URL is in the message. */
public final class FetchFailedException extends Exception {

    public FetchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
