package socialalign.pipeline.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import socialalign.pipeline.metrics.Bootstrap;
import socialalign.pipeline.predict.PredictionRecord;

/**
 * The macro level of one system: per event, its users' predicted label distribution against the event's real crowd,
 * and the mean of each distance over events with a percentile bootstrap confidence interval (events resampled).
 *
 * @param events per-event scores, by event id
 * @param means  per distance ({@code polarity_js}, ..., {@code emotion_cosine}) the mean over events and its CI
 */
public record MacroScores(List<EventScores> events, Map<String, Bootstrap.MeanCi> means) {

    /** The distances averaged over events, in table order. */
    static final Map<String, ToDoubleFunction<EventScores>> METRICS = metrics();

    /**
     * The macro scores of {@code records}. With {@code realPosts} the users' real posts stand in for the predictions:
     * the reference a perfect micro-level system would reach, limited only by how few users an event has.
     *
     * @param crowds the real crowd of every event the records name
     */
    public static MacroScores of(List<PredictionRecord> records, Map<String, LabelCounts> crowds, boolean realPosts,
                                 int resamples, long seed) {
        Map<String, List<PredictionRecord>> byEvent = new TreeMap<>();
        for (PredictionRecord r : records) byEvent.computeIfAbsent(r.topicId(), id -> new ArrayList<>()).add(r);
        List<EventScores> events = new ArrayList<>();
        byEvent.forEach((id, all) -> {
            LabelCounts crowd = crowds.get(id);
            if (crowd == null || crowd.posts() == 0) throw new IllegalArgumentException("event " + id + " has no real responses to compare with");
            // Posts an LLM judge could not label are left out; an event with none left has no distribution.
            List<PredictionRecord> rs = all.stream().filter(r -> (realPosts ? r.realEmotion() : r.predictedEmotion()) != null).toList();
            if (rs.isEmpty()) return;
            LabelCounts predicted = LabelCounts.of(
                    rs.stream().map(r -> realPosts ? r.realEmotion() : r.predictedEmotion()).toList(),
                    rs.stream().map(r -> realPosts ? r.realPolarity() : r.predictedPolarity()).toList());
            events.add(EventScores.of(id, rs.getFirst().topic(), predicted, crowd));
        });
        if (events.isEmpty()) throw new IllegalArgumentException("no predictions to score");
        Map<String, Bootstrap.MeanCi> means = new LinkedHashMap<>();
        METRICS.forEach((name, metric) -> means.put(name,
                Bootstrap.meanCi(events.stream().mapToDouble(metric).toArray(), resamples, Bootstrap.DEFAULT_LEVEL, seed)));
        return new MacroScores(events, means);
    }

    private static Map<String, ToDoubleFunction<EventScores>> metrics() {
        Map<String, ToDoubleFunction<EventScores>> m = new LinkedHashMap<>();
        m.put("polarity_js", e -> e.polarity().js());
        m.put("polarity_kl", e -> e.polarity().kl());
        m.put("polarity_tv", e -> e.polarity().tv());
        m.put("polarity_emd", e -> e.polarity().emd());
        m.put("polarity_cosine", e -> e.polarity().cosine());
        m.put("emotion_js", e -> e.emotion().js());
        m.put("emotion_kl", e -> e.emotion().kl());
        m.put("emotion_tv", e -> e.emotion().tv());
        m.put("emotion_cosine", e -> e.emotion().cosine());
        return m;
    }
}
