package socialalign.pipeline.dataset;

import socialalign.models.io.AtomicFile;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.pipeline.dataset.clean.Hashtags;
import socialalign.pipeline.dataset.clean.TextCleaner;
import socialalign.pipeline.dataset.retrieval.Bm25;
import socialalign.pipeline.dataset.retrieval.JiebaTokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 2 from the crawl store (spec B5, B6, {@code organize_dataset.py} and {@code organize_dataset_4_json.py}):
 * one case per search result of a query with news, in query then result order. The target is the cleaned result
 * (hashtag-only and empty ones skipped), the user its author, the history the author's kept timeline posts minus
 * the target (and, with {@code cases.earlier_only}, minus posts not written before it); cases with enough history
 * get the 5 posts most relevant to the news by BM25. Writes the same {@code raw.jsonl} and {@code raw.stats.json}
 * as {@link RawDatasetStage}, so the persona and Alpaca stages run unchanged.
 */
public final class CrawlRawDatasetStage implements Stage {
    private final CrawlSource source;
    private final DatasetConfig.Cases settings;
    private final Bm25 bm25;
    private final Path folder;

    public CrawlRawDatasetStage(CrawlSource source, DatasetConfig.Cases settings, DatasetConfig.Retrieval retrieval, Path folder) {
        this.source = source;
        this.settings = settings;
        this.bm25 = new Bm25(retrieval.k1(), retrieval.b());
        this.folder = folder;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public List<Path> inputs() {
        return List.of(source.store(), source.news(), folder.resolve(HistoryStage.OUTPUT));
    }

    @Override
    public Object settings() {
        return List.of(settings, bm25);
    }

    @Override
    public List<Path> outputs() {
        return List.of(folder.resolve(RawDatasetStage.OUTPUT), folder.resolve(RawDatasetStage.STATS));
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        Map<String, String> news = source.readNews();
        // history.jsonl keeps each user's timeline order, newest first: BM25 ties keep it (spec B5).
        Map<String, List<HistoryPost>> histories = new HashMap<>();
        for (UserPost p : HistoryStage.read(folder)) {
            histories.computeIfAbsent(p.uid(), uid -> new ArrayList<>()).add(p.post());
        }
        RawCases cases = new RawCases(bm25);
        Set<String> caseIds = new HashSet<>();
        List<String> topicsWithoutNews = new ArrayList<>();

        try (CrawlStore store = source.open()) {
            Map<String, Optional<WeiboUser>> users = new HashMap<>();
            AtomicFile.write(folder.resolve(RawDatasetStage.OUTPUT), out -> {
                try (Progress progress = new Progress(name(), 0, log)) {
                    for (Source querySource : CrawlSource.QUERY_SOURCES) {
                        for (String query : store.queries(querySource)) {
                            Optional<String> newsText = CrawlSource.newsOf(query, news);
                            if (newsText.isEmpty() && !topicsWithoutNews.contains(query)) {
                                topicsWithoutNews.add(query);
                            }
                            List<String> queryTokens = newsText.map(JiebaTokenizer::tokenize).orElse(List.of());
                            for (WeiboPost r : store.queryResults(querySource, query)) {
                                progress.step();
                                String caseId = query + "/" + r.id();
                                // A post both crawlers found under the same query is one case.
                                if (caseIds.contains(caseId)) {
                                    continue;
                                }
                                String target = TextCleaner.clean(r.text());
                                Optional<WeiboUser> user = users.computeIfAbsent(r.userId(), uid -> profile(store, uid));
                                DropReason reason = newsText.isEmpty() ? DropReason.NO_TOPIC_NEWS
                                        : Hashtags.isOnlyHashtags(target) ? DropReason.TARGET_ONLY_HASHTAGS
                                        : target.isEmpty() ? DropReason.TARGET_EMPTY
                                        : user.isEmpty() ? DropReason.USER_UNKNOWN
                                        : null;
                                List<HistoryPost> history = reason == null ? history(r, histories.getOrDefault(r.userId(), List.of())) : List.of();
                                if (reason == null && history.size() < settings.minHistory()) {
                                    reason = DropReason.HISTORY_TOO_SHORT;
                                }
                                if (reason != null) {
                                    cases.drop(reason);
                                    continue;
                                }
                                List<HistoryPost> relevant = cases.relevant(queryTokens, history);
                                WeiboUser u = user.get();
                                cases.write(out, new DatasetCase(caseId, query, CrawlSource.topic(query), newsText.get(), "",
                                        r.userId(), u.screenName(), u.description(), u.gender(), r.id(), target, history.size(), relevant), query);
                                caseIds.add(caseId);
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
        if (!topicsWithoutNews.isEmpty()) {
            log.printf("raw: no news in %s for %d queries, their posts dropped: %s%n", source.news(), topicsWithoutNews.size(),
                    String.join(", ", topicsWithoutNews));
        }
        cases.finish(folder, Map.of("topics_without_news", topicsWithoutNews), log);
        return true;
    }

    /** The target's history: the author's kept timeline, target excluded, earlier than the target when so configured. */
    private List<HistoryPost> history(WeiboPost target, List<HistoryPost> timeline) {
        long targetTime = CrawlSource.unixSeconds(target);
        return timeline.stream()
                .filter(p -> !p.id().equals(target.id()) && (!settings.earlierOnly() || p.postTimeUnix() < targetTime))
                .toList();
    }

    private Optional<WeiboUser> profile(CrawlStore store, String uid) {
        try {
            return store.user(uid);
        } catch (SQLException e) {
            throw new IllegalStateException(source.store() + ": " + e.getMessage(), e);
        }
    }
}
