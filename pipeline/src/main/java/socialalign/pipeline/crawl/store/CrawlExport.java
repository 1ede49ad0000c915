package socialalign.pipeline.crawl.store;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import socialalign.pipeline.crawl.WeiboDates;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.search.SearchWindow;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.models.io.AtomicFile;

/**
 * Writes the store out: JSON Lines of everything, and the reference's own layouts (spec A1 CSV, spec A3
 * {@code users.csv} and {@code {uid}/{uid}.json}) so its downstream steps can read them.
 * Every file is written to a temporary file and renamed, so a crash never leaves a half file.
 */
public final class CrawlExport {

    private static final ObjectMapper JSON = new ObjectMapper();
    // The reference writes json.dump(indent=4, ensure_ascii=False).
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("    ", "\n")).withArrayIndenter(new DefaultIndenter("    ", "\n")));
    private static final List<String> SEARCH_COLUMNS = List.of("id", "bid", "user_id", "用户昵称", "微博正文", "头条文章url",
            "发布位置", "艾特用户", "话题", "转发数", "评论数", "点赞数", "发布时间", "发布工具", "微博图片url", "微博视频url",
            "retweet_id", "ip", "user_authentication");
    private static final List<String> USER_COLUMNS = List.of("用户id", "昵称", "性别", "生日", "所在地", "学习经历", "公司",
            "注册时间", "阳光信用", "微博数", "粉丝数", "关注数", "简介", "主页", "头像", "高清头像", "微博等级", "会员等级",
            "是否认证", "认证类型", "认证信息", "上次记录微博信息");
    private static final java.time.format.DateTimeFormatter ISO_SECONDS = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final CrawlStore store;

    public CrawlExport(CrawlStore store) {
        this.store = store;
    }

    /** {@code posts.jsonl} (every source, a {@code source} field first) and {@code users.jsonl}; returns the files. */
    public List<Path> jsonl(Path dir) throws IOException, SQLException {
        Path posts = write(dir.resolve("posts.jsonl"), false, w -> {
            for (Source source : Source.values()) {
                for (WeiboPost p : store.posts(source)) {
                    ObjectNode o = JSON.createObjectNode().put("source", source.name().toLowerCase(java.util.Locale.ROOT));
                    o.setAll(post(p));
                    w.write(JSON.writeValueAsString(o));
                    w.write('\n');
                }
            }
        });
        Path users = write(dir.resolve("users.jsonl"), false, w -> {
            for (WeiboUser u : store.users()) {
                w.write(JSON.writeValueAsString(user(u)));
                w.write('\n');
            }
        });
        return List.of(posts, users);
    }

    /** Spec A1: {@code {kw}/{kw}.csv} per search query, 19 columns, UTF-8 with BOM, in the order found. */
    public List<Path> searchCsv(Path dir) throws IOException, SQLException {
        List<Path> out = new ArrayList<>();
        for (String query : store.queries(Source.SEARCH)) {
            StringBuilder csv = new StringBuilder();
            row(csv, SEARCH_COLUMNS);
            for (WeiboPost p : store.queryResults(Source.SEARCH, query)) {
                row(csv, List.of(p.id(), p.bid(), p.userId(), p.screenName(), p.text(), p.articleUrl(), p.location(),
                        p.atUsers(), p.topics(), Long.toString(p.repostsCount()), Long.toString(p.commentsCount()),
                        Long.toString(p.attitudesCount()), p.createdAt().format(WeiboDates.MINUTES), p.source(),
                        String.join(",", p.pics()), p.videoUrl(), p.retweetId(), p.ip(), p.userAuthentication()));
            }
            String name = SearchWindow.fileKeyword(query);
            out.add(write(dir.resolve(name).resolve(name + ".csv"), true, w -> w.write(csv.toString())));
        }
        return out;
    }

    /** Spec A3: {@code weibo/users.csv} and {@code weibo/{uid}/{uid}.json} for every crawled user. */
    public List<Path> users(Path dir) throws IOException, SQLException {
        Path root = dir.resolve("weibo");
        List<Path> out = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        row(csv, USER_COLUMNS);
        for (WeiboUser u : store.users()) {
            List<WeiboPost> timeline = store.userPosts(u.id(), Source.TIMELINE);
            Map<String, WeiboPost> originals = new java.util.HashMap<>();
            for (WeiboPost p : timeline) {
                if (!p.retweetId().isEmpty()) {
                    store.post(Source.TIMELINE, p.retweetId()).ifPresent(o -> originals.put(o.id(), o));
                }
            }
            ObjectNode file = JSON.createObjectNode();
            file.set("user", user(u));
            var weibo = file.putArray("weibo");
            for (WeiboPost p : timeline) {
                ObjectNode item = timelineItem(p);
                WeiboPost original = originals.get(p.retweetId());
                if (original != null) {
                    item.set("retweet", timelineItem(original));
                }
                weibo.add(item);
            }
            out.add(write(root.resolve(u.id()).resolve(u.id() + ".json"), false, w -> w.write(PRETTY.writeValueAsString(file))));
            String last = timeline.isEmpty() ? "" : timeline.getFirst().id() + " " + timeline.getFirst().createdAt().format(WeiboDates.SECONDS);
            row(csv, List.of(u.id(), u.screenName(), u.gender(), u.birthday(), u.location(), u.education(), u.company(),
                    u.registrationTime(), u.sunshine(), Long.toString(u.statusesCount()), Long.toString(u.followersCount()),
                    Long.toString(u.followCount()), u.description(), u.profileUrl(), u.profileImageUrl(), u.avatarHd(),
                    Long.toString(u.urank()), Long.toString(u.mbrank()), u.verified() ? "True" : "False",
                    Long.toString(u.verifiedType()), u.verifiedReason(), last));
        }
        out.add(write(root.resolve("users.csv"), true, w -> w.write(csv.toString())));
        return out;
    }

    /**
     * Spec A2: {@code {query}.json} per 微博智搜 query, the reference's Scrapy feed (a JSON array, one item a
     * line) of {@code username, user_id, weibo_id, content}, with the numeric mid as {@code weibo_id} (spec F.9).
     */
    public List<Path> aiSearchJson(Path dir) throws IOException, SQLException {
        List<Path> out = new ArrayList<>();
        for (String query : store.queries(Source.AI_SEARCH)) {
            List<String> items = new ArrayList<>();
            for (WeiboPost p : store.queryResults(Source.AI_SEARCH, query)) {
                // Python's json.dumps separators, as Scrapy writes them.
                items.add("{\"username\": " + JSON.writeValueAsString(p.screenName()) + ", \"user_id\": "
                        + JSON.writeValueAsString(p.userId()) + ", \"weibo_id\": " + JSON.writeValueAsString(p.id())
                        + ", \"content\": " + JSON.writeValueAsString(p.text()) + "}");
            }
            String name = query.replace('/', '_').replace('\0', '_');
            out.add(write(dir.resolve(name + ".json"), false, w -> w.write("[\n" + String.join(",\n", items) + "\n]")));
        }
        return out;
    }

    private static ObjectNode post(WeiboPost p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id()).put("bid", p.bid()).put("user_id", p.userId()).put("screen_name", p.screenName())
                .put("text", p.text()).put("article_url", p.articleUrl()).put("location", p.location())
                .put("at_users", p.atUsers()).put("topics", p.topics()).put("reposts_count", p.repostsCount())
                .put("comments_count", p.commentsCount()).put("attitudes_count", p.attitudesCount())
                .put("created_at", p.createdAt().format(ISO_SECONDS)).put("source_app", p.source());
        p.pics().forEach(o.putArray("pics")::add);
        return o.put("video_url", p.videoUrl()).put("retweet_id", p.retweetId()).put("ip", p.ip())
                .put("user_authentication", p.userAuthentication());
    }

    private static ObjectNode timelineItem(WeiboPost p) {
        ObjectNode o = JSON.createObjectNode();
        return o.put("user_id", Long.parseLong(p.userId())).put("screen_name", p.screenName()).put("id", Long.parseLong(p.id()))
                .put("bid", p.bid()).put("text", p.text()).put("article_url", p.articleUrl())
                .put("pics", String.join(",", p.pics())).put("video_url", p.videoUrl()).put("location", p.location())
                .put("created_at", p.createdAt().format(ISO_SECONDS)).put("source", p.source())
                .put("attitudes_count", p.attitudesCount()).put("comments_count", p.commentsCount())
                .put("reposts_count", p.repostsCount()).put("topics", p.topics()).put("at_users", p.atUsers())
                .put("full_created_at", p.createdAt().format(WeiboDates.SECONDS));
    }

    private static ObjectNode user(WeiboUser u) {
        return JSON.createObjectNode().put("id", u.id()).put("screen_name", u.screenName()).put("gender", u.gender())
                .put("birthday", u.birthday()).put("location", u.location()).put("education", u.education())
                .put("company", u.company()).put("registration_time", u.registrationTime()).put("sunshine", u.sunshine())
                .put("statuses_count", u.statusesCount()).put("followers_count", u.followersCount())
                .put("follow_count", u.followCount()).put("description", u.description()).put("profile_url", u.profileUrl())
                .put("profile_image_url", u.profileImageUrl()).put("avatar_hd", u.avatarHd()).put("urank", u.urank())
                .put("mbrank", u.mbrank()).put("verified", u.verified()).put("verified_type", u.verifiedType())
                .put("verified_reason", u.verifiedReason());
    }

    // Python's csv.writer: minimal quoting, doubled quotes, \r\n line ends.
    private static void row(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(CrawlExport::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    @FunctionalInterface
    private interface Body {
        void writeTo(Writer w) throws IOException, SQLException;
    }

    // Through AtomicFile: a crash never leaves a half file under the real name.
    private static Path write(Path file, boolean bom, Body body) throws IOException, SQLException {
        try {
            AtomicFile.write(file, w -> {
                if (bom) w.write('\uFEFF');
                try {
                    body.writeTo(w);
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            });
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            throw e;
        }
        return file;
    }

    /** Every layout under {@code dir}: JSONL at the top, {@code search/}, {@code ai-search/} and {@code weibo/}. */
    public List<Path> all(Path dir) throws IOException, SQLException {
        List<Path> out = new ArrayList<>(jsonl(dir));
        out.addAll(searchCsv(dir.resolve("search")));
        out.addAll(aiSearchJson(dir.resolve("ai-search")));
        out.addAll(users(dir));
        return out;
    }
}
