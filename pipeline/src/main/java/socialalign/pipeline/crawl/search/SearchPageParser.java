package socialalign.pipeline.crawl.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.WeiboCounts;
import socialalign.pipeline.crawl.WeiboDates;
import socialalign.pipeline.crawl.WeiboPost;

/**
 * Parses s.weibo.com search-result HTML into posts, field by field as the reference's
 * {@code parse_weibo} (spec A1). Character offsets count code points, as Python's slices do.
 */
public final class SearchPageParser {

    private static final Pattern VIDEO_SRC = Pattern.compile("src:'(.*?)'");
    private static final Pattern FIRST_PATH_SEGMENT = Pattern.compile("/.*?/");
    private static final Map<String, String> BADGES = Map.of(
            "woo_svg_vblue", "蓝V", "woo_svg_vyellow", "黄V", "woo_svg_vorange", "红V", "woo_svg_vgold", "金V");

    /** Parses one page; {@code now} is the crawl time that relative times refer to. */
    public SearchPage parse(String html, LocalDateTime now) throws MalformedPageException {
        // A cut page can still hold whole cards: without its end, it would pass as a shorter page and lose posts.
        if (!html.regionMatches(true, Math.max(0, html.stripTrailing().length() - 7), "</html>", 0, 7)) {
            throw new MalformedPageException("truncated page (no closing </html>)");
        }
        Document doc = Jsoup.parse(html);
        if (!doc.select("div[class=card card-no-result s-pt20b40]").isEmpty()) {
            return new SearchPage(true, 0, false, List.of());
        }
        Elements cards = doc.select("div[class=card-wrap]");
        List<SearchPage.Card> parsed = new ArrayList<>();
        for (Element card : cards) {
            if (card.selectFirst("> div[class=card] > div[class=card-feed] > div[class=content] > div[class=info]") == null) {
                continue;
            }
            try {
                parsed.add(parseCard(card, now));
            } catch (RuntimeException e) {
                throw new MalformedPageException("card mid=" + card.attr("mid") + ": " + e.getMessage());
            }
        }
        if (parsed.isEmpty()) {
            // A results page always has cards; an empty one is a changed layout, a login or an error page.
            throw new MalformedPageException("no result cards and no \"no result\" card");
        }
        int pageCount = doc.select("ul[class=s-scroll] > li").size();
        boolean hasNext = doc.selectFirst("a[class=next]") != null;
        return new SearchPage(false, pageCount, hasNext, parsed);
    }

    private SearchPage.Card parseCard(Element card, LocalDateTime now) {
        Element content = card.selectFirst("div[class=content]");
        Element info = content.selectFirst("> div[class=info]");
        Element userLink = info.select("> div").get(1).selectFirst("> a");
        Element from = card.selectFirst("div[class=from]");
        Element repostCard = card.selectFirst("div[class=card-comment]");

        // Spec A1 text selection for long posts (feed_list_content_full).
        Element txt = card.selectFirst("p[class=txt]");
        Element repostTxt = repostCard == null ? null : repostCard.selectFirst("p[class=txt]");
        Elements full = card.select("p[node-type=feed_list_content_full]");
        boolean longPost = false;
        boolean longRepost = false;
        if (!full.isEmpty()) {
            Element repostFull = repostCard == null ? null : repostCard.selectFirst("p[node-type=feed_list_content_full]");
            if (repostCard == null) {
                txt = full.getFirst();
                longPost = true;
            } else if (full.size() == 2) {
                txt = full.get(0);
                repostTxt = full.get(1);
                longPost = true;
                longRepost = true;
            } else if (repostFull != null) {
                repostTxt = repostFull;
                longRepost = true;
            } else {
                txt = full.getFirst();
                longPost = true;
            }
        }

        List<String> pics = pictures(card);
        String videoUrl = video(card);
        Element forwardUser = repostCard == null ? null : repostCard.selectFirst("div[node-type=feed_list_forwardContent] > a");
        String retweetId = "";
        WeiboPost original = null;
        if (forwardUser != null) {
            Element like = repostCard.selectFirst("a[action-type=feed_list_like]");
            retweetId = dropCodePoints(like.attr("action-data"), 4);
            Element repostFrom = repostCard.selectFirst("p[class=from]");
            Elements repostFromLinks = repostFrom.select("> a");
            Elements acts = repostCard.select("ul[class=act s-fr] > li");
            Text repost = text(repostTxt, longRepost);
            original = new WeiboPost(
                    retweetId, lastSegment(repostFromLinks.getFirst().attr("href")),
                    lastSegment(forwardUser.attr("href")), forwardUser.attr("nick-name"), repost.text,
                    repost.articleUrl, repost.location, atUsers(repostTxt), topics(repostTxt),
                    WeiboCounts.parse(firstLinkText(acts, 0)), WeiboCounts.parse(firstLinkText(acts, 1)),
                    WeiboCounts.parse(repostCard.select("a[class=woo-box-flex woo-box-alignCenter woo-box-justifyCenter] span[class=woo-like-count]").text()),
                    createdAt(repostFromLinks.getFirst(), now),
                    repostFromLinks.size() > 1 ? ownText(repostFromLinks.get(1)) : "",
                    pics, videoUrl, "", "", "");
        }

        Text post = text(txt, longPost);
        Elements fromLinks = from.select("> a");
        Element likeCount = card.selectFirst("a[action-type=feed_list_like] > button > span:nth-of-type(2)");
        Element comment = card.selectFirst("a[action-type=feed_list_comment]");
        Element avator = card.selectFirst("div[class=avator]");
        String badge = "";
        if (avator != null) {
            Element svg = avator.selectFirst("svg");
            badge = BADGES.getOrDefault(svg == null ? "" : svg.id(), "普通用户");
        }
        return new SearchPage.Card(new WeiboPost(
                card.attr("mid"), lastSegment(fromLinks.getFirst().attr("href")),
                lastSegment(userLink.attr("href")), userLink.attr("nick-name"), post.text,
                post.articleUrl, post.location, atUsers(txt), topics(txt),
                WeiboCounts.parse(joinedOwnText(card.select("a[action-type=feed_list_forward]"))),
                WeiboCounts.parse(comment == null ? "" : firstTextNode(comment)),
                WeiboCounts.parse(likeCount == null ? "" : firstTextNode(likeCount)),
                createdAt(fromLinks.getFirst(), now),
                fromLinks.size() > 1 ? ownText(fromLinks.get(1)) : "",
                forwardUser == null ? pics : List.of(), forwardUser == null ? videoUrl : "",
                retweetId, "", badge), original);
    }

    private record Text(String text, String location, String articleUrl) {}

    // Spec A1 text processing: strip \u200b and \ue627, remove ⟦2⟧+location, drop the first 2 code
    // points, delete all spaces, and for a long post drop the last 4 (the 收起 toggle).
    private static Text text(Element p, boolean longPost) {
        String s = p.wholeText().replace("\u200b", "").replace("\ue627", "");
        String location = location(p);
        if (!location.isEmpty()) {
            s = s.replace("2" + location, "");
        }
        s = dropCodePoints(s, 2).replace(" ", "");
        if (longPost) {
            s = s.codePointCount(0, s.length()) <= 4 ? "" : s.substring(0, s.offsetByCodePoints(s.length(), -4));
        }
        String articleUrl = "";
        if (s.startsWith("发布了头条文章")) {
            for (Element a : p.select("a")) {
                Element icon = a.selectFirst("i[class=wbicon]");
                if (icon != null && icon.text().equals("O") && a.attr("href").startsWith("http://t.cn")) {
                    articleUrl = a.attr("href");
                    break;
                }
            }
        }
        return new Text(s, location, articleUrl);
    }

    private static String location(Element p) {
        for (Element a : p.select("a")) {
            Element icon = a.selectFirst("i.wbicon");
            if (icon != null && icon.text().equals("2")) {
                return dropCodePoints(a.wholeText(), 1);
            }
        }
        return "";
    }

    // @users: href //weibo.com/n/NAME whose NAME equals the link text after its '@'.
    private static String atUsers(Element p) {
        Set<String> users = new LinkedHashSet<>();
        for (Element a : p.select("a")) {
            String href = URLDecoder.decode(a.attr("href"), StandardCharsets.UTF_8);
            String text = a.wholeText();
            if (href.codePointCount(0, href.length()) > 14 && text.codePointCount(0, text.length()) > 1) {
                String name = dropCodePoints(text, 1);
                if (dropCodePoints(href, 14).equals(name)) {
                    users.add(name);
                }
            }
        }
        return String.join(",", users);
    }

    private static String topics(Element p) {
        Set<String> topics = new LinkedHashSet<>();
        for (Element a : p.select("a")) {
            String text = a.wholeText();
            if (text.length() > 2 && text.startsWith("#") && text.endsWith("#")) {
                topics.add(text.substring(1, text.length() - 1));
            }
        }
        return String.join(",", topics);
    }

    // Thumbnails //wx1.sinaimg.cn/orj360/x.jpg become https://wx1.sinaimg.cn/large/x.jpg.
    private static List<String> pictures(Element card) {
        Element list = card.selectFirst("div[class=media media-piclist]");
        if (list == null || list.selectFirst("> ul") == null) {
            return List.of();
        }
        List<String> pics = new ArrayList<>();
        for (Element img : list.selectFirst("> ul").select("> li > img")) {
            String src = dropCodePoints(img.attr("src"), 8);
            pics.add("https://" + FIRST_PATH_SEGMENT.matcher(src).replaceFirst("/large/"));
        }
        return pics;
    }

    private static String video(Element card) {
        Element player = card.selectFirst("div[class=thumbnail] video-player");
        if (player == null) {
            return "";
        }
        Matcher m = VIDEO_SRC.matcher(player.outerHtml());
        return m.find() ? "http:" + m.group(1).replace("&amp;", "&") : "";
    }

    private static LocalDateTime createdAt(Element link, LocalDateTime now) {
        return WeiboDates.parse(ownText(link), now).truncatedTo(ChronoUnit.MINUTES);
    }

    private static String lastSegment(String href) {
        String path = href.split("\\?", 2)[0];
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String ownText(Element e) {
        StringBuilder s = new StringBuilder();
        for (TextNode t : e.textNodes()) {
            s.append(t.getWholeText());
        }
        return s.toString().strip();
    }

    private static String firstTextNode(Element e) {
        return e.textNodes().isEmpty() ? "" : e.textNodes().getFirst().getWholeText();
    }

    private static String joinedOwnText(Elements links) {
        StringBuilder s = new StringBuilder();
        for (Element a : links) {
            for (TextNode t : a.textNodes()) {
                s.append(t.getWholeText());
            }
        }
        return s.toString();
    }

    private static String firstLinkText(Elements items, int index) {
        if (items.size() <= index) {
            return "";
        }
        Element a = items.get(index).selectFirst("> a");
        return a == null ? "" : firstTextNode(a);
    }

    static String dropCodePoints(String s, int n) {
        int count = s.codePointCount(0, s.length());
        return n >= count ? "" : s.substring(s.offsetByCodePoints(0, n));
    }
}
