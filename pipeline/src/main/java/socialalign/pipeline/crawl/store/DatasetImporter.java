package socialalign.pipeline.crawl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import socialalign.pipeline.crawl.Mid;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.store.CrawlStore.Link;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.pipeline.data.WeiboEvent;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.data.WeiboResponsesDataset;

/**
 * Imports the public Weibo responses dataset (read by {@link WeiboResponsesDataset}) into the crawl
 * store, so the rest of the pipeline runs on real data offline: each event's news post and each response
 * become posts of source {@code IMPORT} (a response's {@code retweet_id} is the post it answers, its text the
 * user's own words), the responses of an event are that event's query results (query = event id), and
 * each user's responses form their timeline, newest first. Times are converted from UTC to Beijing time.
 * Batches are transactional and idempotent: an interrupted import is simply run again.
 */
public final class DatasetImporter {

    private static final int BATCH = 5_000;
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final CrawlStore store;
    private final Consumer<String> log;

    public DatasetImporter(CrawlStore store, Consumer<String> log) {
        this.store = store;
        this.log = log;
    }

    /** Counts of what one import stored. */
    public record Counts(long events, long responses, long users) {}

    /** Imports the dataset folder; returns what was read. A finished import of the same folder is skipped. */
    public Counts importFolder(Path folder) throws IOException, SQLException {
        String task = folder.toAbsolutePath().normalize().toString();
        WeiboResponsesDataset dataset = WeiboResponsesDataset.in(folder);
        Map<String, String> names = new HashMap<>();
        List<WeiboUser> users = new ArrayList<>();
        long userCount = 0;
        try (Stream<socialalign.pipeline.data.WeiboUser> stream = dataset.streamUsers()) {
            for (Iterator<socialalign.pipeline.data.WeiboUser> it = stream.iterator(); it.hasNext(); ) {
                socialalign.pipeline.data.WeiboUser u = it.next();
                names.put(u.uid(), u.screenName());
                users.add(user(u));
                userCount++;
                if (users.size() == BATCH) {
                    flush(List.of(), users, List.of(), List.of());
                }
            }
        }
        flush(List.of(), users, List.of(), List.of());
        long events = 0;
        List<WeiboPost> posts = new ArrayList<>();
        List<Link> results = new ArrayList<>();
        try (Stream<WeiboEvent> stream = dataset.streamEvents()) {
            for (Iterator<WeiboEvent> it = stream.iterator(); it.hasNext(); ) {
                WeiboEvent e = it.next();
                posts.add(new WeiboPost(e.sourceMid(), Mid.toBid(e.sourceMid()), e.authorUid(), e.authorName(), e.newsText(),
                        "", "", "", e.topic() == null ? "" : e.topic(), 0, 0, 0, beijing(e.createdAtUnix()), "",
                        List.of(), "", "", "", ""));
                results.add(new Link(e.eventId(), e.sourceMid(), 0));
                events++;
            }
        }
        flush(posts, List.of(), List.of(), results);
        long responses = 0;
        List<Link> timelines = new ArrayList<>();
        try (Stream<WeiboResponse> stream = dataset.streamResponses()) {
            for (Iterator<WeiboResponse> it = stream.iterator(); it.hasNext(); ) {
                WeiboResponse r = it.next();
                posts.add(new WeiboPost(r.mid(), Mid.toBid(r.mid()), r.uid(), names.getOrDefault(r.uid(), ""), r.text(),
                        "", "", "", "", 0, 0, 0, beijing(r.createdAtUnix()), "", List.of(), "",
                        r.parentMid() == null ? "" : r.parentMid(), "", ""));
                results.add(new Link(r.eventId(), r.mid(), r.createdAtUnix()));
                timelines.add(new Link(r.uid(), r.mid(), -r.createdAtUnix()));
                responses++;
                if (posts.size() == BATCH) {
                    flush(posts, List.of(), timelines, results);
                    log.accept("imported " + responses + " responses");
                }
            }
        }
        flush(posts, List.of(), timelines, results);
        store.markTask(Source.IMPORT, task, "done");
        log.accept("imported " + events + " events, " + responses + " responses, " + userCount + " users from " + folder);
        return new Counts(events, responses, userCount);
    }

    private void flush(List<WeiboPost> posts, List<WeiboUser> users, List<Link> timelines, List<Link> results) throws SQLException {
        store.importBatch(posts, users, timelines, results);
        for (List<?> l : List.of(posts, users, timelines, results)) {
            if (!l.isEmpty()) {
                l.clear();
            }
        }
    }

    private static WeiboUser user(socialalign.pipeline.data.WeiboUser u) {
        return new WeiboUser(u.uid(), u.screenName(), nz(u.gender()), "", nz(u.location()), "", "",
                u.createdAtUnix() == 0 ? "" : beijing(u.createdAtUnix()).toLocalDate().toString(), "",
                u.statuses(), u.followers(), u.friends(), nz(u.description()), "https://m.weibo.cn/u/" + u.uid(),
                "", "", 0, 0, u.verified(), u.verifiedType(), "");
    }

    private static LocalDateTime beijing(long unix) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(unix), BEIJING);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
