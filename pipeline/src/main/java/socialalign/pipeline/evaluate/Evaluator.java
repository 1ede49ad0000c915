package socialalign.pipeline.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.predict.PredictionRecord;
import socialalign.pipeline.predict.Predictor;
import socialalign.pipeline.sentiment.EmotionLabeller;

/** Scores named prediction files at both levels against the real posts and the real crowds of their events. */
public final class Evaluator {
    private Evaluator() {}

    /** A system's name and its predictions file. */
    public record Named(String name, Path predictions) {}

    /**
     * @param source     the public dataset the test events come from (their whole crowds)
     * @param labeller   the labeller (classifier or LLM judge) that labelled the predictions' posts
     * @param provenance how the labeller was made, for the record
     * @param log        where posts the labeller cannot label are named
     */
    public static Evaluation evaluate(List<Named> systems, WeiboResponsesDataset source, EmotionLabeller labeller,
                                      String provenance, int resamples, long seed, PrintStream log) throws IOException {
        if (systems.isEmpty()) throw new IllegalArgumentException("no prediction files to evaluate");
        Map<String, List<PredictionRecord>> records = new LinkedHashMap<>();
        for (Named s : systems) {
            if (!Files.isRegularFile(s.predictions())) throw new DataFileException(s.predictions(), "no such file", null);
            List<PredictionRecord> rs = Predictor.read(s.predictions());
            if (rs.isEmpty()) throw new DataFileException(s.predictions(), "holds no predictions", null);
            if (records.put(s.name(), rs) != null) throw new IllegalArgumentException("system \"" + s.name() + "\" is named twice");
        }
        Set<String> events = new TreeSet<>();
        Map<String, PredictionRecord> realPosts = new LinkedHashMap<>();
        records.values().forEach(rs -> rs.forEach(r -> {
            events.add(r.topicId());
            realPosts.putIfAbsent(r.caseId(), r);
        }));
        Map<String, LabelCounts> crowds = RealCrowds.label(source, events, labeller, log);
        List<SystemScores> scores = new ArrayList<>();
        for (Named s : systems) {
            List<PredictionRecord> rs = records.get(s.name());
            scores.add(new SystemScores(s.name(), s.predictions().toString(), MicroScores.of(rs),
                    MacroScores.of(rs, crowds, false, resamples, seed)));
        }
        MacroScores reference = MacroScores.of(List.copyOf(realPosts.values()), crowds, true, resamples, seed);
        return new Evaluation(scores, reference, provenance, resamples, seed);
    }
}
