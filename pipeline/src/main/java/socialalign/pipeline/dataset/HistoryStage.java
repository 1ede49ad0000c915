package socialalign.pipeline.dataset;

import socialalign.pipeline.data.JsonLines;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.data.WeiboUser;
import socialalign.pipeline.dataset.clean.HistoryFilter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import socialalign.models.io.AtomicFile;

/**
 * Stage 1, cleaning and history filtering (spec B1–B4): every train response becomes a history post, is cleaned and
 * kept or dropped by the B4 rules with its author's screen name. Writes {@code history.jsonl} ({@link UserPost}
 * lines, in file order) and {@code history.stats.json}. Test responses never enter a history.
 */
public final class HistoryStage implements Stage {
    public static final String OUTPUT = "history.jsonl";
    public static final String STATS = "history.stats.json";

    private final WeiboResponsesDataset source;
    private final DatasetConfig.History settings;
    private final Path folder;

    public HistoryStage(WeiboResponsesDataset source, DatasetConfig.History settings, Path folder) {
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
        return List.of(source.responses(), source.users());
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public List<Path> outputs() {
        return List.of(folder.resolve(OUTPUT), folder.resolve(STATS));
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        HistoryFilter filter = new HistoryFilter(settings.settings());
        Map<String, String> screenNames = new HashMap<>();
        try (Stream<WeiboUser> users = source.streamUsers()) {
            users.forEach(u -> screenNames.put(u.uid(), u.screenName()));
        }
        DropCounts dropped = new DropCounts();
        long[] kept = {0};
        AtomicFile.write(folder.resolve(OUTPUT), out -> {
            try (Stream<WeiboResponse> responses = source.streamResponses();
                 Progress progress = new Progress(name(), 0, log)) {
                for (WeiboResponse r : (Iterable<WeiboResponse>) responses::iterator) {
                    progress.step();
                    if (!r.isTrain()) {
                        continue;
                    }
                    switch (filter.apply(WeiboResponsesMapping.post(r), screenNames.getOrDefault(r.uid(), ""))) {
                        case HistoryFilter.Kept k -> {
                            out.write(Json.LINE.writeValueAsString(new UserPost(r.uid(), r.eventId(), k.post())));
                            out.write('\n');
                            kept[0]++;
                        }
                        case HistoryFilter.Dropped d -> dropped.add(d.reason());
                    }
                }
            }
        });
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("posts_kept", kept[0]);
        stats.put("posts_dropped", dropped.total());
        stats.put("posts_dropped_by_reason", dropped.asMap());
        AtomicFile.writeString(folder.resolve(STATS), Json.PRETTY.writeValueAsString(stats));
        log.printf("history: %d train posts kept, %d dropped%n", kept[0], dropped.total());
        return true;
    }

    /** Reads {@code history.jsonl} back. */
    static List<UserPost> read(Path folder) throws IOException {
        return JsonLines.readAll(folder.resolve(OUTPUT), UserPost.class);
    }
}
