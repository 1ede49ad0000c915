package socialalign.pipeline.crawl.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Entities;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.fake.FakeData.TimelineRecord;

/** Renders m.weibo.cn-like container API JSON and detail pages (spec A3). */
final class FakeMobileApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);
    /** Timeline posts per page, as m.weibo.cn. */
    static final int PAGE_SIZE = 10;

    private FakeMobileApi() {}

    static String profile(WeiboUser u) {
        ObjectNode root = JSON.createObjectNode().put("ok", 1);
        ObjectNode info = root.putObject("data").putObject("userInfo");
        info.put("id", Long.parseLong(u.id())).put("screen_name", u.screenName()).put("gender", u.gender())
                .put("statuses_count", u.statusesCount()).put("followers_count", u.followersCount() >= 10_000 && u.followersCount() % 10_000 == 0 ? u.followersCount() / 10_000 + "万" : Long.toString(u.followersCount()))
                .put("follow_count", u.followCount()).put("description", u.description()).put("profile_url", u.profileUrl())
                .put("profile_image_url", u.profileImageUrl()).put("avatar_hd", u.avatarHd()).put("urank", u.urank())
                .put("mbrank", u.mbrank()).put("verified", u.verified()).put("verified_type", u.verifiedType())
                .put("verified_reason", u.verifiedReason());
        return root.toString();
    }

    static String details(WeiboUser u) {
        ObjectNode root = JSON.createObjectNode().put("ok", 1);
        ArrayNode cards = root.putObject("data").putArray("cards");
        ArrayNode basic = cards.addObject().put("card_type", 11).putArray("card_group");
        item(basic, "生日", u.birthday());
        item(basic, "所在地", u.location());
        ArrayNode more = cards.addObject().put("card_type", 11).putArray("card_group");
        item(more, "大学", u.education());
        item(more, "公司", u.company());
        item(more, "注册时间", u.registrationTime());
        item(more, "阳光信用", u.sunshine());
        return root.toString();
    }

    private static void item(ArrayNode group, String name, String content) {
        if (!content.isEmpty()) {
            group.addObject().put("card_type", 41).put("item_name", name).put("item_content", content);
        }
    }

    /** One timeline page; past the end, the API's {@code ok: 0} with no cards. */
    static String timeline(List<TimelineRecord> posts, int page) {
        ObjectNode root = JSON.createObjectNode();
        int from = (page - 1) * PAGE_SIZE;
        if (page < 1 || from >= posts.size()) {
            root.put("ok", 0).put("msg", "这里还没有内容").putObject("data").putArray("cards");
            return root.toString();
        }
        root.put("ok", 1);
        ArrayNode cards = root.putObject("data").putArray("cards");
        for (TimelineRecord r : posts.subList(from, Math.min(posts.size(), from + PAGE_SIZE))) {
            ObjectNode mblog = mblog(r.post(), r.longText());
            if (r.pinned()) {
                mblog.put("isTop", 1);
            }
            if (r.retweet() != null) {
                mblog.set("retweeted_status", mblog(r.retweet(), false));
            }
            cards.addObject().put("card_type", 9).set("mblog", mblog);
        }
        return root.toString();
    }

    /** The detail page embedding the full status as {@code $render_data}. */
    static String detail(TimelineRecord r) {
        ObjectNode status = mblog(r.post(), false);
        if (r.retweet() != null) {
            status.set("retweeted_status", mblog(r.retweet(), false));
        }
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>微博正文</title></head><body><script>\n"
                + "var $render_data = [{\n\"status\": " + status.toPrettyString() + ",\n\"call\": \"\"\n}][0] || {};\n</script></body></html>";
    }

    private static ObjectNode mblog(WeiboPost p, boolean cut) {
        ObjectNode m = JSON.createObjectNode();
        m.put("created_at", p.createdAt().atOffset(ZoneOffset.ofHours(8)).format(API_TIME))
                .put("id", p.id()).put("mid", p.id()).put("bid", p.bid())
                .put("text", cut ? Entities.escape(p.text().substring(0, p.text().offsetByCodePoints(0, 20)))
                        + "...<a href=\"/status/" + p.id() + "\">全文</a>" : html(p))
                .put("source", p.source()).put("reposts_count", p.repostsCount())
                .put("comments_count", p.commentsCount() >= 10_000 && p.commentsCount() % 10_000 == 0 ? p.commentsCount() / 10_000 + "万+" : Long.toString(p.commentsCount()))
                .put("attitudes_count", p.attitudesCount()).put("isLongText", cut).put("pic_num", p.pics().size());
        m.putObject("user").put("id", Long.parseLong(p.userId())).put("screen_name", p.screenName());
        ArrayNode pics = m.putArray("pics");
        for (String pic : p.pics()) {
            pics.addObject().put("url", pic.replace("/large/", "/orj360/")).putObject("large").put("url", pic);
        }
        return m;
    }

    // Mentions as /n/ links, topics as surl-text spans, newlines as <br />: the text nodes the A3 parser joins.
    private static String html(WeiboPost p) {
        String html = Entities.escape(p.text()).replace("\n", "<br />");
        if (!p.atUsers().isEmpty()) {
            for (String user : p.atUsers().split(",")) {
                html = html.replace("@" + user, "<a href='/n/" + user + "'>@" + user + "</a>");
            }
        }
        if (!p.topics().isEmpty()) {
            for (String topic : p.topics().split(",")) {
                html = html.replace("#" + topic + "#", "<a href=\"https://m.weibo.cn/search?containerid=231522type%3D1%26q%3D%23"
                        + topic + "%23\"><span class=\"surl-text\">#" + topic + "#</span></a>");
            }
        }
        return html;
    }
}
