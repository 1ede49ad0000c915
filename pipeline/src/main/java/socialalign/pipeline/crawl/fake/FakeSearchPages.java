package socialalign.pipeline.crawl.fake;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Entities;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.fake.FakeData.SearchRecord;

/** Renders s.weibo.com-like result pages in the card layout spec A1's parser reads. */
final class FakeSearchPages {

    private static final Map<String, String> BADGE_SVG = Map.of(
            "蓝V", "woo_svg_vblue", "黄V", "woo_svg_vyellow", "红V", "woo_svg_vorange", "金V", "woo_svg_vgold");
    private static final String INDENT = "\n                    ";
    private static final String DEDENT = "\n                ";

    private FakeSearchPages() {}

    static String noResult() {
        return "<!DOCTYPE html><html><head><title>微博搜索</title></head><body><div id=\"pl_feedlist_index\">"
                + "<div class=\"card card-no-result s-pt20b40\"><p>抱歉，未找到相关结果。</p></div></div></body></html>";
    }

    /** One page: its cards, the pagination dropdown with {@code shownPages} entries, and a next link when not last. */
    static String page(List<SearchRecord> cards, int page, int shownPages, String nextHref, LocalDateTime now) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>微博搜索</title></head><body>\n")
                .append("<div id=\"pl_feedlist_index\">\n");
        for (SearchRecord r : cards) {
            card(html, r, now);
        }
        html.append("<div class=\"m-page\"><div><span class=\"list\"><ul class=\"s-scroll\">");
        for (int p = 1; p <= shownPages && shownPages > 1; p++) {
            html.append("<li").append(p == page ? " class=\"cur\"" : "").append("><a href=\"#\">第").append(p).append("页</a></li>");
        }
        html.append("</ul></span>");
        if (nextHref != null) {
            html.append("<a class=\"next\" href=\"").append(Entities.escape(nextHref)).append("\">下一页</a>");
        }
        return html.append("</div></div></div>\n</body></html>").toString();
    }

    private static void card(StringBuilder h, SearchRecord r, LocalDateTime now) {
        WeiboPost p = r.post();
        boolean longPost = !p.text().endsWith("\n");
        String body = body(p);
        h.append("<div class=\"card-wrap\" action-type=\"feed_list_item\" mid=\"").append(p.id()).append("\">\n<div class=\"card\">\n<div class=\"card-feed\">\n");
        h.append("<div class=\"avator\"><a href=\"//weibo.com/").append(p.userId()).append("?refer_flag=1001030103_\" target=\"_blank\">")
                .append("<img src=\"https://tvax1.sinaimg.cn/crop.0.0.180.180.180/x.jpg\" class=\"woo-avatar-img\">");
        String svg = BADGE_SVG.get(p.userAuthentication());
        if (svg != null) {
            h.append("<svg id=\"").append(svg).append("\" class=\"woo-avatar-icon\"></svg>");
        }
        h.append("</a></div>\n<div class=\"content\" node-type=\"like\">\n<div class=\"info\">\n<div class=\"menu s-fr\"><a href=\"javascript:void(0);\"><i class=\"wbicon\">c</i></a></div>\n")
                .append("<div class=\"woo-box-flex\"><a href=\"//weibo.com/").append(p.userId()).append("?refer_flag=1001030103_\" class=\"name\" target=\"_blank\" nick-name=\"")
                .append(Entities.escape(p.screenName())).append("\">").append(Entities.escape(p.screenName())).append("</a></div>\n</div>\n");
        String name = Entities.escape(p.screenName());
        if (longPost) {
            String preview = p.text().substring(0, p.text().offsetByCodePoints(0, 40));
            h.append("<p class=\"txt\" node-type=\"feed_list_content\" nick-name=\"").append(name).append("\">").append(INDENT)
                    .append(Entities.escape(preview)).append("…<a href=\"javascript:void(0);\" action-type=\"fl_unfold\">展开<i class=\"wbicon\">c</i></a>")
                    .append(DEDENT).append("</p>\n");
            h.append("<p class=\"txt\" node-type=\"feed_list_content_full\" nick-name=\"").append(name).append("\" style=\"display: none\">").append(INDENT)
                    .append(body).append("<a href=\"javascript:void(0);\" action-type=\"fl_fold\">收起<i class=\"wbicon\">d</i></a>")
                    .append(DEDENT).append("</p>\n");
        } else {
            h.append("<p class=\"txt\" node-type=\"feed_list_content\" nick-name=\"").append(name).append("\">").append(INDENT)
                    .append(body).append(DEDENT).append("</p>\n");
        }
        if (!p.pics().isEmpty()) {
            h.append("<div class=\"media media-piclist\"><ul class=\"m3\">");
            for (String pic : p.pics()) {
                h.append("<li><img src=\"").append(pic.replace("/large/", "/orj360/")).append("\"></li>");
            }
            h.append("</ul></div>\n");
        }
        if (!p.videoUrl().isEmpty()) {
            h.append("<div class=\"thumbnail\"><a href=\"javascript:void(0);\"><video-player action-data=\"type=feedvideo&amp;src:'")
                    .append(Entities.escape(p.videoUrl().substring("http:".length()))).append("'\"></video-player></a></div>\n");
        }
        if (r.original() != null) {
            repostCard(h, r.original(), now);
        }
        h.append("<div class=\"from\"><a href=\"//weibo.com/").append(p.userId()).append('/').append(p.bid())
                .append("?refer_flag=1001030103_\" target=\"_blank\">").append(INDENT).append(shownTime(p.createdAt(), now)).append(DEDENT).append("</a>");
        if (!p.source().isEmpty()) {
            h.append(" 来自 <a href=\"//app.weibo.com/t/feed/1\" rel=\"nofollow\">").append(Entities.escape(p.source())).append("</a>");
        }
        h.append("</div>\n</div>\n</div>\n<div class=\"card-act\"><ul>")
                .append("<li><a href=\"javascript:void(0);\" action-type=\"feed_list_forward\"><i class=\"woo-font woo-font--retweet\"></i> ").append(count(p.repostsCount(), "转发")).append("</a></li>")
                .append("<li><a href=\"javascript:void(0);\" action-type=\"feed_list_comment\"><i class=\"woo-font woo-font--comment\"></i> ").append(count(p.commentsCount(), "评论")).append("</a></li>")
                .append("<li><a href=\"javascript:void(0);\" action-type=\"feed_list_like\" action-data=\"mid=").append(p.id()).append("\"><button class=\"woo-like-main\">")
                .append("<span class=\"woo-like-iconWrap\"><svg class=\"woo-like-icon\"></svg></span><span class=\"woo-like-count\">").append(count(p.attitudesCount(), "赞"))
                .append("</span></button></a></li></ul></div>\n</div>\n</div>\n");
    }

    private static void repostCard(StringBuilder h, WeiboPost o, LocalDateTime now) {
        String name = Entities.escape(o.screenName());
        String link = "//weibo.com/" + o.userId() + "/" + o.bid();
        h.append("<div class=\"card-comment\">\n<div class=\"con\">\n<div node-type=\"feed_list_forwardContent\">\n")
                .append("<a href=\"//weibo.com/").append(o.userId()).append("\" class=\"name\" target=\"_blank\" nick-name=\"").append(name).append("\">@").append(name).append("</a>\n")
                .append("<p class=\"txt\" node-type=\"feed_list_content\" nick-name=\"").append(name).append("\">").append(INDENT).append(body(o)).append(DEDENT).append("</p>\n</div>\n")
                .append("<div class=\"func\">\n<ul class=\"act s-fr\">")
                .append("<li><a href=\"").append(link).append("\" target=\"_blank\">转发 ").append(count(o.repostsCount(), "")).append("</a></li>")
                .append("<li><a href=\"").append(link).append("\" target=\"_blank\">评论 ").append(count(o.commentsCount(), "")).append("</a></li>")
                .append("<li><a href=\"javascript:void(0);\" action-type=\"feed_list_like\" action-data=\"mid=").append(o.id())
                .append("\" class=\"woo-box-flex woo-box-alignCenter woo-box-justifyCenter\"><span class=\"woo-like-count\">").append(count(o.attitudesCount(), "赞")).append("</span></a></li></ul>\n")
                .append("<p class=\"from\"><a href=\"").append(link).append("\" target=\"_blank\">").append(INDENT).append(shownTime(o.createdAt(), now)).append(DEDENT).append("</a>");
        if (!o.source().isEmpty()) {
            h.append(" 来自 <a href=\"//app.weibo.com/t/feed/1\" rel=\"nofollow\">").append(Entities.escape(o.source())).append("</a>");
        }
        h.append("</p>\n</div>\n</div>\n</div>\n");
    }

    // The post's text as card HTML: @users and #topics# as links, the location as the wbicon-2 link.
    private static String body(WeiboPost p) {
        String text = p.text().endsWith("\n") ? p.text().substring(0, p.text().length() - 1) : p.text();
        String html = Entities.escape(text);
        if (!p.atUsers().isEmpty()) {
            for (String user : p.atUsers().split(",")) {
                html = html.replace("@" + user, "<a href=\"//weibo.com/n/" + user + "\" target=\"_blank\">@" + user + "</a>");
            }
        }
        if (!p.topics().isEmpty()) {
            for (String topic : p.topics().split(",")) {
                html = html.replace("#" + topic + "#", "<a href=\"//s.weibo.com/weibo?q=%23" + topic + "%23\" target=\"_blank\">#" + topic + "#</a>");
            }
        }
        if (!p.location().isEmpty()) {
            html += "<a href=\"https://weibo.com/p/100101B2094\" target=\"_blank\"><i class=\"wbicon\">2</i>" + p.location() + "</a>";
        }
        return html;
    }

    private static String count(long n, String zeroLabel) {
        if (n == 0) {
            return zeroLabel;
        }
        return n >= 10_000 && n % 10_000 == 0 ? n / 10_000 + "万" : Long.toString(n);
    }

    // The forms s.weibo.com shows: N分钟前 within the hour, 今天 HH:MM, MM月DD日 HH:MM, YYYY年MM月DD日 HH:MM.
    static String shownTime(LocalDateTime t, LocalDateTime now) {
        long minutes = Duration.between(t, now).toMinutes();
        if (minutes == 0) {
            return "刚刚";
        }
        if (minutes > 0 && minutes < 60) {
            return minutes + "分钟前";
        }
        if (t.toLocalDate().equals(now.toLocalDate())) {
            return "今天 " + t.format(DateTimeFormatter.ofPattern("HH:mm"));
        }
        if (t.getYear() == now.getYear()) {
            return t.format(DateTimeFormatter.ofPattern("MM月dd日 HH:mm"));
        }
        return t.format(DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm"));
    }
}
