package socialalign.pipeline.crawl.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;

/**
 * The crawl store: one SQLite file in WAL mode holding posts (keyed by source and mid, so each source
 * keeps its own normalisation of a post), users, the posts of each user's timeline, the posts each
 * search query found, and the progress of every source.
 *
 * <p>Every page is committed in one transaction together with its progress mark, so a crawl killed at
 * any instant leaves either the whole page or none of it, and a rerun continues after the last
 * committed page. Primary keys deduplicate: a post seen twice is stored once.
 */
public final class CrawlStore implements AutoCloseable {

    /** Where a post record comes from; the same mid may be stored once per source. */
    public enum Source { SEARCH, TIMELINE, IMPORT, AI_SEARCH }

    /** The task-level row of a progress key (pages are 1, 2, ...). */
    private static final int TASK_ROW = 0;

    private static final String POST_COLUMNS = "source, id, bid, user_id, screen_name, text, article_url, location, at_users, "
            + "topics, reposts_count, comments_count, attitudes_count, created_at, post_source, pics, video_url, "
            + "retweet_id, ip, user_authentication";

    private final Connection db;

    private CrawlStore(Connection db) {
        this.db = db;
    }

    /** Opens (creating if needed) the store at {@code file}. */
    public static CrawlStore open(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // WAL + NORMAL survives a killed process (only a power cut may lose the last commits).
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS posts (
                      source TEXT NOT NULL, id TEXT NOT NULL, bid TEXT NOT NULL, user_id TEXT NOT NULL,
                      screen_name TEXT NOT NULL, text TEXT NOT NULL, article_url TEXT NOT NULL, location TEXT NOT NULL,
                      at_users TEXT NOT NULL, topics TEXT NOT NULL, reposts_count INTEGER NOT NULL,
                      comments_count INTEGER NOT NULL, attitudes_count INTEGER NOT NULL, created_at TEXT NOT NULL,
                      post_source TEXT NOT NULL, pics TEXT NOT NULL, video_url TEXT NOT NULL, retweet_id TEXT NOT NULL,
                      ip TEXT NOT NULL, user_authentication TEXT NOT NULL,
                      PRIMARY KEY (source, id))""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS query_posts (
                      source TEXT NOT NULL, query TEXT NOT NULL, post_id TEXT NOT NULL, seq INTEGER NOT NULL,
                      PRIMARY KEY (source, query, post_id))""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS users (
                      id TEXT PRIMARY KEY, screen_name TEXT, gender TEXT, birthday TEXT, location TEXT, education TEXT,
                      company TEXT, registration_time TEXT, sunshine TEXT, statuses_count INTEGER,
                      followers_count INTEGER, follow_count INTEGER, description TEXT, profile_url TEXT,
                      profile_image_url TEXT, avatar_hd TEXT, urank INTEGER, mbrank INTEGER, verified INTEGER,
                      verified_type INTEGER, verified_reason TEXT)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS user_posts (
                      user_id TEXT NOT NULL, post_id TEXT NOT NULL, seq INTEGER NOT NULL,
                      PRIMARY KEY (user_id, post_id))""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS progress (
                      source TEXT NOT NULL, task TEXT NOT NULL, page INTEGER NOT NULL, state TEXT NOT NULL,
                      PRIMARY KEY (source, task, page))""");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return new CrawlStore(db);
    }

    // ---- progress -----------------------------------------------------------------------------------

    /** The state of a task ({@code "split"}, {@code "done"}, ...), if recorded. */
    public synchronized Optional<String> taskState(Source source, String task) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT state FROM progress WHERE source=? AND task=? AND page=?")) {
            q.setString(1, source.name());
            q.setString(2, task);
            q.setInt(3, TASK_ROW);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Records a task's state in its own transaction. */
    public synchronized void markTask(Source source, String task, String state) throws SQLException {
        inTransaction(() -> mark(source, task, TASK_ROW, state));
    }

    /** The last page committed for a task, 0 if none. */
    public synchronized int lastPage(Source source, String task) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT COALESCE(MAX(page), 0) FROM progress WHERE source=? AND task=? AND page>0")) {
            q.setString(1, source.name());
            q.setString(2, task);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /**
     * Commits one search page atomically: its posts, their link to the query, the page mark and,
     * if {@code finalState} is not null, the task's state.
     */
    public synchronized void commitQueryPage(Source source, String query, String task, int page,
                                             List<WeiboPost> posts, String finalState) throws SQLException {
        inTransaction(() -> {
            int seq = count("SELECT COUNT(*) FROM query_posts WHERE source=? AND query=?", source.name(), query);
            for (WeiboPost p : posts) {
                upsertPost(source, p);
                try (PreparedStatement s = db.prepareStatement(
                        "INSERT OR IGNORE INTO query_posts(source, query, post_id, seq) VALUES (?,?,?,?)")) {
                    s.setString(1, source.name());
                    s.setString(2, query);
                    s.setString(3, p.id());
                    s.setInt(4, seq++);
                    s.executeUpdate();
                }
            }
            mark(source, task, page, "done");
            if (finalState != null) {
                mark(source, task, TASK_ROW, finalState);
            }
        });
    }

    /** Records a page given up on (logged by the caller); a rerun does not try it again. */
    public synchronized void skipPage(Source source, String task, int page) throws SQLException {
        inTransaction(() -> mark(source, task, page, "skipped"));
    }

    /** Commits a user's profile. */
    public synchronized void commitUser(WeiboUser user) throws SQLException {
        inTransaction(() -> upsertUser(user));
    }

    /**
     * Commits one timeline page atomically: the posts (and reposted originals), their place in the
     * user's timeline, the page mark and, if not null, the task's final state.
     */
    public synchronized void commitTimelinePage(String userId, int page, List<WeiboPost> posts,
                                                List<WeiboPost> originals, String finalState) throws SQLException {
        inTransaction(() -> {
            int seq = count("SELECT COUNT(*) FROM user_posts WHERE user_id=?", userId);
            for (WeiboPost o : originals) {
                upsertPost(Source.TIMELINE, o);
            }
            for (WeiboPost p : posts) {
                upsertPost(Source.TIMELINE, p);
                try (PreparedStatement s = db.prepareStatement(
                        "INSERT OR IGNORE INTO user_posts(user_id, post_id, seq) VALUES (?,?,?)")) {
                    s.setString(1, userId);
                    s.setString(2, p.id());
                    s.setInt(3, seq++);
                    s.executeUpdate();
                }
            }
            if (page > 0) {
                mark(Source.TIMELINE, userId, page, "done");
            }
            if (finalState != null) {
                mark(Source.TIMELINE, userId, TASK_ROW, finalState);
            }
        });
    }

    /** A post's place under an owner (a user's timeline, or a query's results), ordered by {@code seq}. */
    public record Link(String owner, String postId, long seq) {}

    /**
     * Stores one batch of imported records in one transaction: posts, users, user timelines and
     * query (event) results. Re-importing the same records changes nothing.
     */
    public synchronized void importBatch(List<WeiboPost> posts, List<WeiboUser> users, List<Link> timelines,
                                         List<Link> queryResults) throws SQLException {
        inTransaction(() -> {
            for (WeiboPost p : posts) {
                upsertPost(Source.IMPORT, p);
            }
            for (WeiboUser u : users) {
                upsertUser(u);
            }
            for (Link link : timelines) {
                try (PreparedStatement s = db.prepareStatement("INSERT OR IGNORE INTO user_posts(user_id, post_id, seq) VALUES (?,?,?)")) {
                    s.setString(1, link.owner());
                    s.setString(2, link.postId());
                    s.setLong(3, link.seq());
                    s.executeUpdate();
                }
            }
            for (Link link : queryResults) {
                try (PreparedStatement s = db.prepareStatement("INSERT OR IGNORE INTO query_posts(source, query, post_id, seq) VALUES (?,?,?,?)")) {
                    s.setString(1, Source.IMPORT.name());
                    s.setString(2, link.owner());
                    s.setString(3, link.postId());
                    s.setLong(4, link.seq());
                    s.executeUpdate();
                }
            }
        });
    }

    // ---- reads --------------------------------------------------------------------------------------

    /** Posts of one source, ordered by mid. */
    public synchronized List<WeiboPost> posts(Source source) throws SQLException {
        return queryPosts("SELECT " + POST_COLUMNS + " FROM posts WHERE source=? ORDER BY length(id), id", source.name());
    }

    /** One post of a source. */
    public synchronized Optional<WeiboPost> post(Source source, String id) throws SQLException {
        List<WeiboPost> found = queryPosts("SELECT " + POST_COLUMNS + " FROM posts WHERE source=? AND id=?", source.name(), id);
        return found.stream().findFirst();
    }

    /** The queries a source has results for, in first-seen order. */
    public synchronized List<String> queries(Source source) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT query FROM query_posts WHERE source=? GROUP BY query ORDER BY MIN(rowid)")) {
            q.setString(1, source.name());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** The posts a query found, in the order they were found. */
    public synchronized List<WeiboPost> queryResults(Source source, String query) throws SQLException {
        return queryPosts("SELECT " + prefixed("p") + " FROM query_posts q JOIN posts p ON p.source=q.source AND p.id=q.post_id "
                + "WHERE q.source=? AND q.query=? ORDER BY q.seq", source.name(), query);
    }

    /** A user's timeline posts in timeline order. */
    public synchronized List<WeiboPost> userPosts(String userId, Source source) throws SQLException {
        return queryPosts("SELECT " + prefixed("p") + " FROM user_posts u JOIN posts p ON p.id=u.post_id AND p.source=? "
                + "WHERE u.user_id=? ORDER BY u.seq", source.name(), userId);
    }

    /** Number of posts in a user's timeline. */
    public synchronized int userPostCount(String userId) throws SQLException {
        return count("SELECT COUNT(*) FROM user_posts WHERE user_id=?", userId);
    }

    /** All users, ordered by id. */
    public synchronized List<WeiboUser> users() throws SQLException {
        return queryUsers("SELECT * FROM users ORDER BY length(id), id");
    }

    /** One user's profile, if stored. */
    public synchronized Optional<WeiboUser> user(String id) throws SQLException {
        return queryUsers("SELECT * FROM users WHERE id=?", id).stream().findFirst();
    }

    private List<WeiboUser> queryUsers(String sql, String... args) throws SQLException {
        List<WeiboUser> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new WeiboUser(r.getString("id"), r.getString("screen_name"), r.getString("gender"),
                            r.getString("birthday"), r.getString("location"), r.getString("education"),
                            r.getString("company"), r.getString("registration_time"), r.getString("sunshine"),
                            r.getLong("statuses_count"), r.getLong("followers_count"), r.getLong("follow_count"),
                            r.getString("description"), r.getString("profile_url"), r.getString("profile_image_url"),
                            r.getString("avatar_hd"), r.getLong("urank"), r.getLong("mbrank"), r.getInt("verified") != 0,
                            r.getLong("verified_type"), r.getString("verified_reason")));
                }
            }
        }
        return out;
    }

    /** Distinct authors of the posts a source's queries found, in first-seen order (spec A4 user list). */
    public synchronized List<String> queryAuthors(Source source) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT p.user_id FROM query_posts q JOIN posts p "
                + "ON p.source=q.source AND p.id=q.post_id WHERE q.source=? AND p.user_id<>'' GROUP BY p.user_id ORDER BY MIN(q.rowid)")) {
            q.setString(1, source.name());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }

    // ---- internals ----------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private void inTransaction(SqlWork work) throws SQLException {
        db.setAutoCommit(false);
        try {
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private void mark(Source source, String task, int page, String state) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT INTO progress(source, task, page, state) VALUES (?,?,?,?) "
                        + "ON CONFLICT(source, task, page) DO UPDATE SET state=excluded.state")) {
            s.setString(1, source.name());
            s.setString(2, task);
            s.setInt(3, page);
            s.setString(4, state);
            s.executeUpdate();
        }
    }

    // A later sighting refreshes counts but never blanks the region or badge an earlier one filled.
    private void upsertPost(Source source, WeiboPost p) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("INSERT INTO posts(" + POST_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT(source, id) DO UPDATE SET bid=excluded.bid, user_id=excluded.user_id, "
                + "screen_name=excluded.screen_name, text=excluded.text, article_url=excluded.article_url, "
                + "location=excluded.location, at_users=excluded.at_users, topics=excluded.topics, "
                + "reposts_count=excluded.reposts_count, comments_count=excluded.comments_count, "
                + "attitudes_count=excluded.attitudes_count, created_at=excluded.created_at, "
                + "post_source=excluded.post_source, "
                + "pics=CASE WHEN excluded.pics<>'' THEN excluded.pics ELSE posts.pics END, "
                + "video_url=CASE WHEN excluded.video_url<>'' THEN excluded.video_url ELSE posts.video_url END, "
                + "retweet_id=CASE WHEN excluded.retweet_id<>'' THEN excluded.retweet_id ELSE posts.retweet_id END, "
                + "ip=CASE WHEN excluded.ip<>'' THEN excluded.ip ELSE posts.ip END, "
                + "user_authentication=CASE WHEN excluded.user_authentication<>'' THEN excluded.user_authentication "
                + "ELSE posts.user_authentication END")) {
            int i = 1;
            s.setString(i++, source.name());
            s.setString(i++, p.id());
            s.setString(i++, p.bid());
            s.setString(i++, p.userId());
            s.setString(i++, p.screenName());
            s.setString(i++, p.text());
            s.setString(i++, p.articleUrl());
            s.setString(i++, p.location());
            s.setString(i++, p.atUsers());
            s.setString(i++, p.topics());
            s.setLong(i++, p.repostsCount());
            s.setLong(i++, p.commentsCount());
            s.setLong(i++, p.attitudesCount());
            s.setString(i++, p.createdAt().toString());
            s.setString(i++, p.source());
            s.setString(i++, String.join("\n", p.pics()));
            s.setString(i++, p.videoUrl());
            s.setString(i++, p.retweetId());
            s.setString(i++, p.ip());
            s.setString(i, p.userAuthentication());
            s.executeUpdate();
        }
    }

    private void upsertUser(WeiboUser u) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("INSERT OR REPLACE INTO users VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 1;
            s.setString(i++, u.id());
            s.setString(i++, u.screenName());
            s.setString(i++, u.gender());
            s.setString(i++, u.birthday());
            s.setString(i++, u.location());
            s.setString(i++, u.education());
            s.setString(i++, u.company());
            s.setString(i++, u.registrationTime());
            s.setString(i++, u.sunshine());
            s.setLong(i++, u.statusesCount());
            s.setLong(i++, u.followersCount());
            s.setLong(i++, u.followCount());
            s.setString(i++, u.description());
            s.setString(i++, u.profileUrl());
            s.setString(i++, u.profileImageUrl());
            s.setString(i++, u.avatarHd());
            s.setLong(i++, u.urank());
            s.setLong(i++, u.mbrank());
            s.setInt(i++, u.verified() ? 1 : 0);
            s.setLong(i++, u.verifiedType());
            s.setString(i, u.verifiedReason());
            s.executeUpdate();
        }
    }

    private List<WeiboPost> queryPosts(String sql, String... args) throws SQLException {
        List<WeiboPost> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String pics = r.getString("pics");
                    out.add(new WeiboPost(r.getString("id"), r.getString("bid"), r.getString("user_id"),
                            r.getString("screen_name"), r.getString("text"), r.getString("article_url"),
                            r.getString("location"), r.getString("at_users"), r.getString("topics"),
                            r.getLong("reposts_count"), r.getLong("comments_count"), r.getLong("attitudes_count"),
                            LocalDateTime.parse(r.getString("created_at")), r.getString("post_source"),
                            pics.isEmpty() ? List.of() : Arrays.asList(pics.split("\n")), r.getString("video_url"),
                            r.getString("retweet_id"), r.getString("ip"), r.getString("user_authentication")));
                }
            }
        }
        return out;
    }

    private int count(String sql, String... args) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static String prefixed(String alias) {
        return Arrays.stream(POST_COLUMNS.split(", ")).map(c -> alias + "." + c).reduce((a, b) -> a + ", " + b).orElseThrow();
    }
}
