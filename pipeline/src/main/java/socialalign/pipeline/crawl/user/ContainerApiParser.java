package socialalign.pipeline.crawl.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import socialalign.pipeline.crawl.MalformedPageException;
import socialalign.pipeline.crawl.WeiboCounts;
import socialalign.pipeline.crawl.WeiboDates;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;

/**
 * Parses the m.weibo.cn container API (spec A3): the profile (100505), its details (230283 ..._-_INFO),
 * timeline pages (230413) and the status embedded in a {@code /detail/{id}} page for long texts.
 */
public final class ContainerApiParser {

    private static final String LOCATION_ICON = "timeline_card_small_location_default.png";
    private static final List<String> VIDEO_KEYS = List.of(
            "mp4_720p_mp4", "mp4_hd_url", "hevc_mp4_hd", "mp4_sd_url", "mp4_ld_mp4", "stream_url_hd", "stream_url");

    // The detail page embeds a JS object literal: raw newlines inside strings are common (strict=False).
    private final ObjectMapper lenient = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** Reads a JSON body; a body that is not JSON is a malformed page. */
    public JsonNode json(String body) throws MalformedPageException {
        try {
            return lenient.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedPageException("not JSON: " + e.getOriginalMessage());
        }
    }

    /** The profile of container {@code 100505{uid}}, or a malformed-page error when {@code ok} is not 1. */
    public WeiboUser profile(JsonNode root, String uid) throws MalformedPageException {
        JsonNode info = root.path("data").path("userInfo");
        if (root.path("ok").asInt() != 1 || info.isMissingNode()) {
            throw new MalformedPageException("profile of " + uid + " has no data.userInfo (ok=" + root.path("ok").asText() + ")");
        }
        return new WeiboUser(uid, str(info, "screen_name"), str(info, "gender"), "", "", "", "", "", "",
                count(info, "statuses_count"), count(info, "followers_count"), count(info, "follow_count"),
                str(info, "description"), str(info, "profile_url"), str(info, "profile_image_url"),
                str(info, "avatar_hd"), count(info, "urank"), count(info, "mbrank"),
                info.path("verified").asBoolean(false), info.path("verified_type").asLong(-1),
                str(info, "verified_reason"));
    }

    /** The profile completed with container {@code 230283{uid}_-_INFO}; the last education item wins, as in the reference. */
    public WeiboUser details(JsonNode root, WeiboUser user) {
        JsonNode cards = root.path("data").path("cards");
        Map<String, String> items = new HashMap<>();
        for (int c = 0; c < Math.min(2, cards.size()); c++) {
            for (JsonNode item : cards.get(c).path("card_group")) {
                String name = item.path("item_name").asText("");
                String key = switch (name) {
                    case "生日" -> "birthday";
                    case "所在地" -> "location";
                    case "小学", "初中", "高中", "大学" -> "education";
                    case "公司" -> "company";
                    case "注册时间" -> "registration_time";
                    case "阳光信用" -> "sunshine";
                    default -> null;
                };
                if (key != null) {
                    items.put(key, clean(item.path("item_content").asText("")));
                }
            }
        }
        return user.withDetails(items.getOrDefault("birthday", ""), items.getOrDefault("location", ""),
                items.getOrDefault("education", ""), items.getOrDefault("company", ""),
                items.getOrDefault("registration_time", ""), items.getOrDefault("sunshine", ""));
    }

    /**
     * The posts of one timeline page (container {@code 230413{uid}}): {@code card_type} 9 cards, and the
     * first of a {@code card_type} 11 card's group. An empty list means the timeline has ended.
     */
    public List<TimelineEntry> timeline(JsonNode root, LocalDateTime now) throws MalformedPageException {
        if (root.path("ok").asInt() != 1) {
            // ok=0 with no cards is how the API says "no more pages".
            if (root.path("data").path("cards").isMissingNode() || root.path("data").path("cards").isEmpty()) {
                return List.of();
            }
            throw new MalformedPageException("timeline page with ok=" + root.path("ok").asText());
        }
        List<TimelineEntry> entries = new ArrayList<>();
        for (JsonNode card : root.path("data").path("cards")) {
            JsonNode c = card.path("card_type").asInt() == 11 ? card.path("card_group").path(0) : card;
            if (c.path("card_type").asInt() != 9 || !c.has("mblog")) {
                continue;
            }
            JsonNode mblog = c.get("mblog");
            JsonNode original = mblog.path("retweeted_status");
            WeiboPost retweet = original.has("id") && original.has("user") && !original.path("user").isNull()
                    ? post(original, now, "") : null;
            entries.add(new TimelineEntry(
                    post(mblog, now, retweet == null ? "" : retweet.id()), retweet,
                    mblog.path("isTop").asInt(0) == 1 || mblog.path("isTop").asBoolean(false),
                    mblog.path("isLongText").asBoolean(false) || mblog.path("pic_num").asInt(0) > 9,
                    retweet != null && original.path("isLongText").asBoolean(false)));
        }
        return entries;
    }

    /**
     * The {@code status} object of a {@code m.weibo.cn/detail/{id}} page: the text from {@code "status":} to the
     * last {@code "call"}, cut at its last comma and wrapped in braces (spec A3).
     */
    public WeiboPost detail(String html, LocalDateTime now) throws MalformedPageException {
        int start = html.indexOf("\"status\":");
        int call = html.lastIndexOf("\"call\"");
        if (start < 0 || call <= start) {
            throw new MalformedPageException("detail page without an embedded status");
        }
        String body = html.substring(start, call);
        body = "{" + body.substring(0, body.lastIndexOf(',')) + "}";
        JsonNode status = json(body).path("status");
        if (!status.has("id")) {
            throw new MalformedPageException("detail page status has no id");
        }
        JsonNode original = status.path("retweeted_status");
        return post(status, now, original.has("id") ? original.path("id").asText() : "");
    }

    /** One {@code mblog} as a post (spec A3 {@code parse_weibo}). */
    public WeiboPost post(JsonNode mblog, LocalDateTime now, String retweetId) {
        String html = mblog.path("text").asText("");
        Element body = Jsoup.parseBodyFragment(html).body();
        String text = clean(textWithoutTags(body));
        JsonNode user = mblog.path("user");
        return new WeiboPost(
                mblog.path("id").asText(), mblog.path("bid").asText(""),
                user.isObject() ? user.path("id").asText() : "", user.isObject() ? clean(str(user, "screen_name")) : "",
                text, articleUrl(body, text), clean(location(body)), atUsers(body), topics(body),
                count(mblog, "reposts_count"), count(mblog, "comments_count"), count(mblog, "attitudes_count"),
                WeiboDates.parse(mblog.path("created_at").asText(""), now), clean(str(mblog, "source")),
                pictures(mblog), video(mblog), retweetId, "", "");
    }

    // remove_html_tag: text nodes joined by newlines, a node starting with @ or # (or following one) glued to the previous.
    private static String textWithoutTags(Element body) {
        List<String> nodes = new ArrayList<>();
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof TextNode t) {
                nodes.add(t.getWholeText());
            }
        }, body);
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String n = nodes.get(i);
            if (i > 0 && (startsWithTag(nodes.get(i - 1)) || startsWithTag(n))) {
                merged.set(merged.size() - 1, merged.getLast() + n);
            } else {
                merged.add(n);
            }
        }
        return String.join("\n", merged);
    }

    private static boolean startsWithTag(String s) {
        return s.startsWith("@") || s.startsWith("#");
    }

    private static String articleUrl(Element body, String text) {
        if (!text.startsWith("发布了头条文章")) {
            return "";
        }
        for (Element a : body.select("a[data-url]")) {
            if (a.attr("data-url").startsWith("http://t.cn")) {
                return a.attr("data-url");
            }
        }
        return "";
    }

    private static String location(Element body) {
        List<Element> spans = body.select("span");
        for (int i = 0; i + 1 < spans.size(); i++) {
            Element img = spans.get(i).selectFirst("> img");
            if (img != null && img.attr("src").contains(LOCATION_ICON)) {
                return spans.get(i + 1).wholeText();
            }
        }
        return "";
    }

    private static String atUsers(Element body) {
        List<String> users = new ArrayList<>();
        for (Element a : body.select("a")) {
            String href = a.attr("href");
            if (href.length() > 3 && ("@" + href.substring(3)).equals(a.wholeText())) {
                users.add(href.substring(3));
            }
        }
        return String.join(",", users);
    }

    private static String topics(Element body) {
        List<String> topics = new ArrayList<>();
        for (Element span : body.select("span.surl-text")) {
            String t = span.wholeText();
            if (t.length() > 2 && t.startsWith("#") && t.endsWith("#")) {
                topics.add(t.substring(1, t.length() - 1));
            }
        }
        return String.join(",", topics);
    }

    private static List<String> pictures(JsonNode mblog) {
        List<String> pics = new ArrayList<>();
        for (JsonNode pic : mblog.path("pics")) {
            String url = pic.path("large").path("url").asText("");
            if (!url.isEmpty()) {
                pics.add(url);
            }
        }
        return pics;
    }

    private static String video(JsonNode mblog) {
        List<String> urls = new ArrayList<>();
        JsonNode page = mblog.path("page_info");
        if ("video".equals(page.path("type").asText())) {
            JsonNode media = page.has("urls") ? page.path("urls") : page.path("media_info");
            for (String key : VIDEO_KEYS) {
                String url = media.path(key).asText("");
                if (url.isEmpty()) {
                    url = page.path("media_info").path(key).asText("");
                }
                if (!url.isEmpty()) {
                    urls.add(url);
                    break;
                }
            }
        }
        for (JsonNode live : mblog.path("live_photo")) {
            urls.add(live.asText());
        }
        return String.join(";", urls);
    }

    private static String str(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    private static long count(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asLong() : WeiboCounts.parse(v.asText(""));
    }

    private static String clean(String s) {
        return s.replace("\u200b", "");
    }
}
