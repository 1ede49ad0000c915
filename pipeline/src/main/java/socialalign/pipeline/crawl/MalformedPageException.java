package socialalign.pipeline.crawl;

/** A page that is none of the layouts the parser knows (truncated, changed or an error page). */
public final class MalformedPageException extends Exception {

    public MalformedPageException(String message) {
        super(message);
    }
}
