package socialalign.pipeline.dataset;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.dataset.retrieval.Bm25;
import socialalign.pipeline.dataset.retrieval.JiebaTokenizer;

/**
 * What both raw-dataset stages (public dataset, crawl store) share: the BM25 choice of the most relevant history
 * posts (spec B5), writing cases, counting drops, and the {@code raw.stats.json} summary.
 */
final class RawCases {
    private final Bm25 bm25;
    private final Map<String, List<String>> postTokens = new HashMap<>();
    private final DropCounts dropped = new DropCounts();
    private final Set<String> users = new HashSet<>(), topics = new HashSet<>();
    private final List<Integer> historySizes = new ArrayList<>();

    RawCases(Bm25 bm25) {
        this.bm25 = bm25;
    }

    /** The {@link RawDatasetStage#TOP_K} posts of {@code history} most relevant to the news; ties keep history order. */
    List<HistoryPost> relevant(List<String> newsTokens, List<HistoryPost> history) {
        List<List<String>> documents = history.stream()
                .map(p -> postTokens.computeIfAbsent(p.id(), id -> JiebaTokenizer.tokenize(p.retrievalDocument())))
                .toList();
        return bm25.top(newsTokens, documents, RawDatasetStage.TOP_K).stream().map(hit -> history.get(hit.index())).toList();
    }

    void drop(DropReason reason) {
        dropped.add(reason);
    }

    /** Writes {@code c} as one JSON line of {@code raw.jsonl}, under {@code topic}. */
    void write(Writer out, DatasetCase c, String topic) throws IOException {
        out.write(Json.LINE.writeValueAsString(c));
        out.write('\n');
        users.add(c.uid());
        topics.add(topic);
        historySizes.add(c.historySize());
    }

    /** Writes {@code raw.stats.json} into {@code folder}, {@code extra} after the topic count, and logs a summary. */
    void finish(Path folder, Map<String, Object> extra, PrintStream log) throws IOException {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("cases", historySizes.size());
        stats.put("users", users.size());
        stats.put("topics", topics.size());
        stats.putAll(extra);
        stats.put("history_size", Summary.of(historySizes));
        stats.put("targets_dropped", dropped.total());
        stats.put("targets_dropped_by_reason", dropped.asMap());
        AtomicFile.writeString(folder.resolve(RawDatasetStage.STATS), Json.PRETTY.writeValueAsString(stats));
        log.printf("raw: %d cases from %d users over %d topics, %d targets dropped%n",
                historySizes.size(), users.size(), topics.size(), dropped.total());
    }
}
