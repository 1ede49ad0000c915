package socialalign.pipeline.crawl;

import java.net.URI;

/**
 * Where the Weibo sources live: the real hosts, or one local fake server for tests and the demo.
 *
 * @param search s.weibo.com (result HTML, spec A1)
 * @param weibo  weibo.com ({@code /ajax/statuses/show} for the "发布于" region)
 * @param mobile m.weibo.cn (container API and detail pages, spec A3)
 * @param ai     ai.s.weibo.com (微博智搜 result pages, spec A2)
 */
public record WeiboEndpoints(URI search, URI weibo, URI mobile, URI ai) {

    /** The real Weibo hosts. */
    public static final WeiboEndpoints WEIBO = new WeiboEndpoints(URI.create("https://s.weibo.com"),
            URI.create("https://weibo.com"), URI.create("https://m.weibo.cn"), URI.create("https://ai.s.weibo.com"));

    /** Every source served by one base URL (the fake Weibo). */
    public static WeiboEndpoints all(URI base) {
        return new WeiboEndpoints(base, base, base, base);
    }
}
