package socialalign.pipeline.dataset;

import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.data.JsonLines;
import socialalign.pipeline.data.WeiboEvent;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.data.WeiboUser;
import socialalign.pipeline.dataset.clean.Hashtags;
import socialalign.pipeline.dataset.clean.TextCleaner;
import socialalign.pipeline.dataset.retrieval.Bm25;
import socialalign.pipeline.dataset.retrieval.JiebaTokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import socialalign.models.io.AtomicFile;

/**
 * Stage 2, the raw dataset (spec B5, B6): one case per (user, target post). Every response, train or test, is a
 * candidate target; its history is the author's kept posts about other train events (written earlier, by
 * default), the target removed. Cases with enough history get the 5 posts most relevant to the news by BM25.
 * Writes {@code raw.jsonl} ({@link DatasetCase} lines, in response-file order) and {@code raw.stats.json}.
 */
public final class RawDatasetStage implements Stage {
    public static final String OUTPUT = "raw.jsonl";
    public static final String STATS = "raw.stats.json";
    /** The templates of spec B7 and B8 show five history posts. */
    public static final int TOP_K = 5;

    private final WeiboResponsesDataset source;
    private final DatasetConfig.Cases settings;
    private final Bm25 bm25;
    private final Path folder;

    public RawDatasetStage(WeiboResponsesDataset source, DatasetConfig.Cases settings, DatasetConfig.Retrieval retrieval, Path folder) {
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
        return List.of(source.events(), source.responses(), source.users(), folder.resolve(HistoryStage.OUTPUT));
    }

    @Override
    public Object settings() {
        return List.of(settings, bm25);
    }

    @Override
    public List<Path> outputs() {
        return List.of(folder.resolve(OUTPUT), folder.resolve(STATS));
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        Map<String, WeiboEvent> events = new LinkedHashMap<>();
        JsonLines.readAll(source.events(), WeiboEvent.class).forEach(e -> events.put(e.eventId(), e));
        Map<String, WeiboUser> users = new HashMap<>();
        try (Stream<WeiboUser> all = source.streamUsers()) {
            all.forEach(u -> users.put(u.uid(), u));
        }
        Map<String, List<UserPost>> histories = new HashMap<>();
        for (UserPost p : HistoryStage.read(folder)) {
            histories.computeIfAbsent(p.uid(), uid -> new ArrayList<>()).add(p);
        }
        // Timeline order, newest first: BM25 ties keep it (spec B5).
        histories.values().forEach(posts -> posts.sort(Comparator.comparingLong((UserPost p) -> p.post().postTimeUnix()).reversed()));

        Map<String, Optional<String>> topics = new HashMap<>();
        Map<String, List<String>> newsTokens = new HashMap<>();
        RawCases cases = new RawCases(bm25);

        AtomicFile.write(folder.resolve(OUTPUT), out -> {
            try (Stream<WeiboResponse> responses = source.streamResponses();
                 Progress progress = new Progress(name(), 0, log)) {
                for (WeiboResponse r : (Iterable<WeiboResponse>) responses::iterator) {
                    progress.step();
                    WeiboEvent event = events.get(r.eventId());
                    if (event == null) {
                        throw new DataFileException(source.responses(), "response " + r.mid() + " names event " + r.eventId() + ", which is not in " + source.events(), null);
                    }
                    Optional<String> topic = topics.computeIfAbsent(r.eventId(), id -> WeiboResponsesMapping.topic(event, settings));
                    String target = TextCleaner.clean(r.text());
                    WeiboUser user = users.get(r.uid());
                    DropReason reason = topic.isEmpty() ? DropReason.NO_EVENT_TOPIC
                            : Hashtags.isOnlyHashtags(target) ? DropReason.TARGET_ONLY_HASHTAGS
                            : target.isEmpty() ? DropReason.TARGET_EMPTY
                            : user == null ? DropReason.USER_UNKNOWN
                            : null;
                    List<HistoryPost> history = reason == null ? history(r, histories.getOrDefault(r.uid(), List.of())) : List.of();
                    if (reason == null && history.size() < settings.minHistory()) {
                        reason = DropReason.HISTORY_TOO_SHORT;
                    }
                    if (reason != null) {
                        cases.drop(reason);
                        continue;
                    }
                    List<String> query = newsTokens.computeIfAbsent(r.eventId(), id -> JiebaTokenizer.tokenize(event.newsText()));
                    List<HistoryPost> relevant = cases.relevant(query, history);
                    cases.write(out, new DatasetCase(r.eventId() + "/" + r.mid(), r.eventId(), topic.get(), event.newsText(), event.split(),
                            r.uid(), user.screenName(), user.description(), user.gender(), r.mid(), target, history.size(), relevant), r.eventId());
                }
            }
        });
        cases.finish(folder, Map.of(), log);
        return true;
    }

    /** The target's history: posts about other topics, earlier than the target when so configured, target excluded. */
    private List<HistoryPost> history(WeiboResponse target, List<UserPost> posts) {
        List<HistoryPost> history = new ArrayList<>();
        for (UserPost p : posts) {
            boolean eligible = !p.topicId().equals(target.eventId()) && !p.post().id().equals(target.mid())
                    && (!settings.earlierOnly() || p.post().postTimeUnix() < target.createdAtUnix());
            if (eligible) {
                history.add(p.post());
            }
        }
        return history;
    }

    /** Reads {@code raw.jsonl} back. */
    public static List<DatasetCase> read(Path folder) throws IOException {
        return JsonLines.readAll(folder.resolve(OUTPUT), DatasetCase.class);
    }
}
