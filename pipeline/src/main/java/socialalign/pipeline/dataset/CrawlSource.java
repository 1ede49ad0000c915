package socialalign.pipeline.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import socialalign.pipeline.crawl.WeiboDates;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.search.SearchWindow;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.pipeline.data.DataFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the crawl store maps onto the reference's notions (spec B6): each search query (weibo-search, then 微博智搜)
 * is a topic whose news the user provides, its results are the target posts, and a user's history is their
 * crawled timeline (spec A3), reposted originals attached as retweets (spec B4 step 1).
 *
 * @param store the crawl store's file
 * @param news  the user's news folder ({@code {topic}/news.txt}) or JSON file (topic to news text)
 */
public record CrawlSource(Path store, Path news) {
    /** The query sources whose results are target posts, in the order they are read. */
    static final List<Source> QUERY_SOURCES = List.of(Source.SEARCH, Source.AI_SEARCH);
    /** Weibo shows Beijing time. */
    private static final ZoneOffset WEIBO_ZONE = ZoneOffset.ofHours(8);

    /** The crawl settings of a config, paths resolved against the working directory. */
    public static CrawlSource of(DatasetConfig.Crawl settings) {
        if (settings.news() == null) {
            throw new IllegalArgumentException("crawl.news: the crawl source needs the topics' news (a folder of {topic}/news.txt or a JSON file)");
        }
        return new CrawlSource(Path.of(settings.store()), Path.of(settings.news()));
    }

    /** Opens the store, which must exist: opening would otherwise create an empty one. */
    CrawlStore open() throws IOException {
        if (!Files.isRegularFile(store)) {
            throw new java.nio.file.NoSuchFileException(store.toString(), null, "crawl.store: no crawl store");
        }
        try {
            return CrawlStore.open(store);
        } catch (SQLException e) {
            throw new IOException(store + ": " + e.getMessage(), e);
        }
    }

    /** The news text of every topic the user gave, keyed by the name they gave it under. */
    Map<String, String> readNews() throws IOException {
        Map<String, String> byTopic = new LinkedHashMap<>();
        if (Files.isDirectory(news)) {
            try (var folders = Files.list(news)) {
                for (Path folder : folders.sorted().toList()) {
                    Path file = folder.resolve("news.txt");
                    if (Files.isRegularFile(file)) {
                        byTopic.put(folder.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            }
            return byTopic;
        }
        JsonNode map = Json.MAPPER.readTree(news.toFile());
        if (map == null || !map.isObject()) {
            throw new DataFileException(news, "crawl.news: expected a folder or a JSON object mapping topic to news text", null);
        }
        for (var field : map.properties()) {
            if (!field.getValue().isTextual()) {
                throw new DataFileException(news, "topic \"" + field.getKey() + "\": the news must be a string", null);
            }
            byTopic.put(field.getKey(), field.getValue().asText());
        }
        return byTopic;
    }

    /** The news of {@code query}: under the query itself, without its enclosing {@code #}s, or as the export names it. */
    static Optional<String> newsOf(String query, Map<String, String> news) {
        for (String name : List.of(query, topic(query), SearchWindow.fileKeyword(query))) {
            String text = news.get(name);
            if (text != null) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** The topic shown as {@code #topic#}: the query without its enclosing {@code #}s. */
    static String topic(String query) {
        return query.length() > 2 && query.startsWith("#") && query.endsWith("#") ? query.substring(1, query.length() - 1) : query;
    }

    /** A timeline post as a history post; {@code retweet} is the reposted original when the store has it. */
    static HistoryPost post(WeiboPost p, Optional<WeiboPost> retweet) {
        HistoryPost.Retweet original = retweet.map(o -> new HistoryPost.Retweet(o.text(), o.topics(),
                o.createdAt().format(WeiboDates.SECONDS))).orElse(null);
        return new HistoryPost(p.id(), p.text(), p.topics(), p.createdAt().format(WeiboDates.SECONDS), unixSeconds(p), original);
    }

    /** The posting time in Unix seconds. */
    static long unixSeconds(WeiboPost p) {
        return p.createdAt().toEpochSecond(WEIBO_ZONE);
    }

    /** Distinct authors of every query's results, in first-seen order. */
    static List<String> authors(CrawlStore store) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        for (Source source : QUERY_SOURCES) {
            out.addAll(store.queryAuthors(source));
        }
        return List.copyOf(out);
    }
}
