package socialalign.pipeline.crawl.fake;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import socialalign.pipeline.crawl.Mid;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.search.Regions;

/**
 * What the fake Weibo serves: search results (each placed in a province and city), user profiles and
 * timelines. The posts hold exactly the values the parsers must produce, so a crawl of the fake can be
 * compared field by field with its source.
 *
 * @param search    results of s.weibo.com queries
 * @param users     profiles by uid
 * @param timelines each user's timeline, newest first
 * @param aiSearch  results of 微博智搜 queries, in the order the result list shows them
 */
public record FakeData(List<SearchRecord> search, Map<String, WeiboUser> users, Map<String, List<TimelineRecord>> timelines,
                       List<AiSearchRecord> aiSearch) {

    /** One 微博智搜 result: the post as the AI-search crawler must store it (spec A2 fields, numeric mid). */
    public record AiSearchRecord(String query, WeiboPost post) {}

    /** One search result: the post, the original it reposts (or null), where it was posted from. */
    public record SearchRecord(String keyword, WeiboPost post, WeiboPost original, int province, int city) {}

    /** One timeline post with the original it reposts (or null) and whether it is pinned. */
    public record TimelineRecord(WeiboPost post, WeiboPost retweet, boolean pinned, boolean longText) {}

    /** A burst of results in one hour and province, spread over {@code cities} of its cities: what makes the crawl split. */
    public record Burst(LocalDateTime hour, String province, int cities, int posts) {}

    private static final String HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";
    private static final List<String> BADGES = List.of("蓝V", "黄V", "红V", "金V", "普通用户");
    private static final List<String> SOURCES = List.of("iPhone客户端", "微博 weibo.com", "HUAWEI Mate 60", "");
    private static final List<String> IP_REGIONS = List.of("北京", "广东", "上海", "浙江", "四川", "海外");

    /** Search results for a keyword: {@code perDay} posts on each day plus the bursts, and the authors' profiles and timelines. */
    public static FakeData generate(long seed, String keyword, LocalDate firstDay, int days, int perDay,
                                    List<Burst> bursts, int authors, int maxTimeline, LocalDateTime now) {
        Random r = new Random(seed);
        Generator g = new Generator(r, now, authors);
        List<SearchRecord> search = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDateTime day = firstDay.plusDays(d).atStartOfDay();
            for (int i = 0; i < perDay; i++) {
                LocalDateTime t = day.plusMinutes(r.nextInt(24 * 60));
                if (t.isAfter(now)) {
                    t = now.minusMinutes(r.nextInt(50));
                }
                Regions.Province p = Regions.all().get(r.nextInt(Regions.all().size()));
                search.add(g.searchRecord(keyword, t, p));
            }
        }
        for (Burst b : bursts) {
            Regions.Province p = Regions.byName(b.province());
            List<Integer> cityCodes = new ArrayList<>(p.cities().values()).subList(0, b.cities());
            for (int i = 0; i < b.posts(); i++) {
                SearchRecord rec = g.searchRecord(keyword, b.hour().plusMinutes(r.nextInt(60)), p);
                search.add(new SearchRecord(rec.keyword(), rec.post(), rec.original(), p.code(), cityCodes.get(i % cityCodes.size())));
            }
        }
        Map<String, WeiboUser> users = new LinkedHashMap<>();
        Map<String, List<TimelineRecord>> timelines = new LinkedHashMap<>();
        for (String uid : g.uids) {
            users.put(uid, g.user(uid, r.nextInt(maxTimeline + 1)));
            timelines.put(uid, g.timeline(uid, (int) users.get(uid).statusesCount()));
        }
        return new FakeData(search, users, timelines, List.of());
    }

    /**
     * This data plus {@code results} 微博智搜 results for {@code query}, written by this data's users. Texts hold
     * a topic and one space (shown as a line break, read back as a space: spec F.11's collapsed whitespace);
     * times have minute precision, as the detail page shows them.
     */
    public FakeData withAiSearch(long seed, String query, int results, LocalDateTime now) {
        Random r = new Random(seed);
        Generator g = new Generator(r, now, users.size());
        g.nextMid = 5_000_000_000_000_000L; // apart from the search and timeline mids, which share weibo.com's lookup
        List<AiSearchRecord> ai = new ArrayList<>(aiSearch);
        for (int i = 0; i < results; i++) {
            String uid = g.uids.get(r.nextInt(g.uids.size()));
            String mid = g.mid();
            String text = g.words(3, 15) + "#" + query + "#" + g.words(1, 10) + " " + g.words(2, 40);
            LocalDateTime t = now.minusMinutes(1 + r.nextInt(60 * 24 * 3));
            ai.add(new AiSearchRecord(query, new WeiboPost(mid, Mid.toBid(mid), uid, g.name(uid), text, "", "", "", "",
                    0, 0, 0, t, "", List.of(), "", "", "", "")));
        }
        return new FakeData(search, users, timelines, List.copyOf(ai));
    }

    /**
     * Draws posts whose fields are already in parsed form: search texts have no spaces and, when short, the
     * trailing newline spec A1's processing keeps; timeline texts put newlines only between plain segments,
     * where spec A3's text-node join restores them.
     */
    static final class Generator {
        private final Random r;
        private final LocalDateTime now;
        private final List<String> uids = new ArrayList<>();
        private long nextMid = 4_900_000_000_000_000L;

        Generator(Random r, LocalDateTime now, int authors) {
            this.r = r;
            this.now = now;
            for (int i = 0; i < authors; i++) {
                uids.add(Long.toString(1_000_000_000L + 7_919L * i));
            }
        }

        String mid() {
            nextMid += 1 + r.nextInt(5_000);
            return Long.toString(nextMid);
        }

        String words(int min, int max) {
            int n = min + r.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < n; i++) {
                s.append(HANZI.charAt(r.nextInt(HANZI.length())));
            }
            return s.toString();
        }

        String name(String uid) {
            return "用户" + uid.substring(uid.length() - 5);
        }

        long count() {
            return r.nextInt(10) == 0 ? (1 + r.nextInt(9)) * 10_000L : r.nextInt(10_000);
        }

        SearchRecord searchRecord(String keyword, LocalDateTime t, Regions.Province p) {
            String uid = uids.get(r.nextInt(uids.size()));
            List<Integer> cities = new ArrayList<>(p.cities().values());
            int city = cities.get(r.nextInt(cities.size()));
            String topic = keyword.replace("#", "");
            boolean longPost = r.nextInt(8) == 0;
            String mention = r.nextBoolean() ? "@" + name(uids.get(r.nextInt(uids.size()))) : "";
            String body = words(4, 20) + mention + words(2, 10) + "#" + topic + "#" + words(longPost ? 150 : 2, longPost ? 200 : 30);
            String location = r.nextInt(5) == 0 ? "北京·朝阳区" : "";
            WeiboPost original = null;
            if (r.nextInt(7) == 0) {
                String ouid = uids.get(r.nextInt(uids.size()));
                String omid = mid();
                original = new WeiboPost(omid, Mid.toBid(omid), ouid, name(ouid), words(5, 40) + "\n", "", "", "", "",
                        count(), count(), count(), t.minusHours(1 + r.nextInt(30)), SOURCES.get(r.nextInt(SOURCES.size())),
                        List.of(), "", "", "", "");
            }
            List<String> pics = new ArrayList<>();
            String video = "";
            if (original == null && r.nextInt(3) == 0) {
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    pics.add("https://wx" + (1 + r.nextInt(4)) + ".sinaimg.cn/large/" + Long.toHexString(r.nextLong()) + ".jpg");
                }
            }
            if (original == null && r.nextInt(10) == 0) {
                video = "http://f.video.weibocdn.com/o0/" + Long.toHexString(r.nextLong()) + ".mp4?label=mp4_720p&template=1";
            }
            String mid = mid();
            WeiboPost post = new WeiboPost(mid, Mid.toBid(mid), uid, name(uid), body + (longPost ? "" : "\n"), "", location,
                    mention.isEmpty() ? "" : mention.substring(1), topic, count(), count(), count(), t,
                    SOURCES.get(r.nextInt(SOURCES.size())), pics, video, original == null ? "" : original.id(),
                    IP_REGIONS.get(r.nextInt(IP_REGIONS.size())), BADGES.get(r.nextInt(BADGES.size())));
            return new SearchRecord(keyword, post, original, p.code(), city);
        }

        WeiboUser user(String uid, int statuses) {
            return new WeiboUser(uid, name(uid), r.nextBoolean() ? "m" : "f", "1990-01-0" + (1 + r.nextInt(9)),
                    "北京 海淀区", "北京大学", r.nextBoolean() ? "新浪" : "", "2012-03-04", "信用极好",
                    statuses, r.nextInt(100_000), r.nextInt(2_000), "简介" + words(0, 10),
                    "https://m.weibo.cn/u/" + uid, "https://tvax1.sinaimg.cn/crop/" + uid + ".jpg",
                    "https://tvax1.sinaimg.cn/hd/" + uid + ".jpg", r.nextInt(48), r.nextInt(8),
                    r.nextInt(4) == 0, r.nextInt(4) == 0 ? 0 : -1, "");
        }

        // Newest first; the first may be pinned. Seconds precision, as the API gives.
        List<TimelineRecord> timeline(String uid, int n) {
            List<TimelineRecord> out = new ArrayList<>();
            LocalDateTime t = now.minusMinutes(r.nextInt(120)).withNano(0);
            int maxGap = (1 + r.nextInt(4)) * 86_400; // users post every half day to every two days on average
            for (int i = 0; i < n; i++) {
                t = t.minusSeconds(1 + r.nextInt(maxGap));
                boolean longText = r.nextInt(10) == 0;
                String text = words(3, 10) + (r.nextBoolean() ? "@" + name(uids.get(r.nextInt(uids.size()))) + words(1, 5) : "")
                        + (r.nextBoolean() ? "#话题" + words(1, 3) + "#" + words(1, 5) : "")
                        + (r.nextInt(4) == 0 ? "\n" + words(1, 10) : "") + (longText ? words(150, 200) : "");
                WeiboPost retweet = null;
                if (r.nextInt(5) == 0) {
                    String ouid = uids.get(r.nextInt(uids.size()));
                    String omid = mid();
                    retweet = new WeiboPost(omid, Mid.toBid(omid), ouid, name(ouid), words(5, 40), "", "", "", "",
                            count(), count(), count(), t.minusHours(3), "iPhone客户端", List.of(), "", "", "", "");
                }
                String mid = mid();
                WeiboPost post = new WeiboPost(mid, Mid.toBid(mid), uid, name(uid), text, "", "",
                        mentions(text), topics(text), count(), count(), count(), t, "iPhone客户端",
                        r.nextInt(4) == 0 ? List.of("https://wx1.sinaimg.cn/large/" + Long.toHexString(r.nextLong()) + ".jpg") : List.of(),
                        "", retweet == null ? "" : retweet.id(), "", "");
                out.add(new TimelineRecord(post, retweet, i == 0 && r.nextBoolean(), longText));
            }
            return out;
        }

        private static String mentions(String text) {
            var m = java.util.regex.Pattern.compile("@(用户\\d{5})").matcher(text);
            List<String> out = new ArrayList<>();
            while (m.find()) {
                out.add(m.group(1));
            }
            return String.join(",", out);
        }

        private static String topics(String text) {
            var m = java.util.regex.Pattern.compile("#([^#]+)#").matcher(text);
            List<String> out = new ArrayList<>();
            while (m.find()) {
                out.add(m.group(1));
            }
            return String.join(",", out);
        }
    }
}
