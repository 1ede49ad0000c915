package socialalign.pipeline.crawl.ai;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.Mid;
import socialalign.pipeline.crawl.WeiboDates;
import socialalign.pipeline.crawl.WeiboPost;

/**
 * Reads the rendered 微博智搜 pages (spec A2): the result list's cards ({@code div.cardblog} with the
 * author's {@code div.name}) and a result's weibo.com detail page ({@code div.woo-avatar-main[usercard]}
 * and the post text).
 *
 * <p>The reference matched the text by its hashed class {@code detail_wbtext_4CRf9}, which breaks with each
 * site build; this parser matches the stable prefix {@code detail_wbtext_}. It keeps the numeric mid
 * (spec F.9) and collapses the text's whitespace as Selenium's {@code .text} did (spec F.11).
 */
public final class AiSearchParser {

    /** The list page is ready once this container exists (the reference waited for it). */
    public static final String LIST_READY = "div.van-list";
    /** A result card. */
    public static final String CARD = "div.cardblog";
    /** The detail page is rendered once its text exists. */
    public static final String DETAIL_READY = "div[class*=detail_wbtext_]";

    private static final String DETAIL_TEXT = "div[class~=(^|\\s)detail_wbtext_]";
    private static final String DETAIL_TIME = "[class~=(^|\\s)head-info_time]";
    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int MID_DIGITS = 16;

    /** The author name shown on each card, in page order ({@code ""} where a card has none). */
    public List<String> cardNames(String listHtml) {
        return Jsoup.parse(listHtml).select(CARD).stream().map(card -> {
            Element name = card.selectFirst("div.name");
            return name == null ? "" : name.text();
        }).toList();
    }

    /**
     * Parses a result's detail page, loaded from {@code url} ({@code weibo.com/{uid}/{bid}}).
     *
     * @param username the name on the result card (the reference read it there)
     * @param now      the crawl time: relative times refer to it, and it stands in when the page shows no time
     * @return the post, or {@code null} when the page lacks the author id or text (the reference yielded nothing then)
     * @throws MalformedPageException when the page is not a rendered detail page or its URL holds no post id
     */
    public WeiboPost detail(String html, URI url, String username, LocalDateTime now) throws MalformedPageException {
        String mid = mid(url);
        Document doc = Jsoup.parse(html);
        Element text = doc.selectFirst(DETAIL_TEXT);
        if (text == null) {
            throw new MalformedPageException("no post text (detail_wbtext_) on " + url);
        }
        Element avatar = doc.selectFirst("div.woo-avatar-main");
        String userId = avatar == null ? "" : avatar.attr("usercard").strip();
        String content = text.text();
        if (userId.isEmpty() || content.isEmpty() || username.isBlank()) {
            return null;
        }
        return new WeiboPost(mid, Mid.toBid(mid), userId, username.strip(), content, "", "", "", "", 0, 0, 0,
                createdAt(doc.selectFirst(DETAIL_TIME), now), "", List.of(), "", "", "", "");
    }

    // weibo.com shows "24-10-27 10:05" or a relative time, with the full "2024-10-27 10:05" in the title.
    private static LocalDateTime createdAt(Element time, LocalDateTime now) {
        if (time == null) {
            return now;
        }
        try {
            return LocalDateTime.parse(time.attr("title").strip(), TITLE_TIME);
        } catch (DateTimeParseException e) {
            try {
                return WeiboDates.parse(time.text(), now);
            } catch (IllegalArgumentException unknown) {
                return now;
            }
        }
    }

    /**
     * The numeric mid of a detail URL {@code weibo.com/{uid}/{id}}, whose id is a base62 bid (spec F.9)
     * or, on some links, the mid itself.
     */
    public static String mid(URI detailUrl) throws MalformedPageException {
        String path = detailUrl.getPath() == null ? "" : detailUrl.getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        try {
            return Mid.isMid(id) && id.length() >= MID_DIGITS ? id : Mid.toMid(id);
        } catch (IllegalArgumentException e) {
            throw new MalformedPageException("detail URL " + detailUrl + " ends in no post id: " + e.getMessage());
        }
    }
}
