package socialalign.pipeline.dataset;

import socialalign.models.io.AtomicFile;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.pipeline.dataset.clean.HistoryFilter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 1 from the crawl store (spec B4): the crawled timeline of every author of a search result is cleaned and
 * filtered post by post with the author's screen name, as {@code clean_user_history.py} does. Writes
 * {@code history.jsonl} ({@link UserPost} lines, each user's posts in timeline order, newest first, with an empty
 * topic id) and {@code history.stats.json}, the same files as {@link HistoryStage}.
 */
public final class CrawlHistoryStage implements Stage {
    private final CrawlSource source;
    private final DatasetConfig.History settings;
    private final Path folder;

    public CrawlHistoryStage(CrawlSource source, DatasetConfig.History settings, Path folder) {
        this.source = source;
        this.settings = settings;
        this.folder = folder;
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public List<Path> inputs() {
        return List.of(source.store());
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public List<Path> outputs() {
        return List.of(folder.resolve(HistoryStage.OUTPUT), folder.resolve(HistoryStage.STATS));
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        HistoryFilter filter = new HistoryFilter(settings.settings());
        DropCounts dropped = new DropCounts();
        long[] kept = {0};
        try (CrawlStore store = source.open()) {
            List<String> authors = CrawlSource.authors(store);
            AtomicFile.write(folder.resolve(HistoryStage.OUTPUT), out -> {
                try (Progress progress = new Progress(name(), authors.size(), log)) {
                    for (String uid : authors) {
                        progress.step();
                        // B4 d: without a profile the screen name is unknown; the reference would drop every post.
                        String screenName = store.user(uid).map(WeiboUser::screenName).orElse("");
                        for (WeiboPost p : store.userPosts(uid, Source.TIMELINE)) {
                            Optional<WeiboPost> original = p.retweetId().isEmpty() ? Optional.empty() : store.post(Source.TIMELINE, p.retweetId());
                            switch (filter.apply(CrawlSource.post(p, original), screenName)) {
                                case HistoryFilter.Kept k -> {
                                    out.write(Json.LINE.writeValueAsString(new UserPost(uid, "", k.post())));
                                    out.write('\n');
                                    kept[0]++;
                                }
                                case HistoryFilter.Dropped d -> dropped.add(d.reason());
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new IOException(source.store() + ": " + e.getMessage(), e);
                }
            });
        } catch (SQLException e) {
            throw new IOException(source.store() + ": " + e.getMessage(), e);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("posts_kept", kept[0]);
        stats.put("posts_dropped", dropped.total());
        stats.put("posts_dropped_by_reason", dropped.asMap());
        AtomicFile.writeString(folder.resolve(HistoryStage.STATS), Json.PRETTY.writeValueAsString(stats));
        log.printf("history: %d timeline posts kept, %d dropped%n", kept[0], dropped.total());
        return true;
    }
}
