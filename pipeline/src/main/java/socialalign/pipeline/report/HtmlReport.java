package socialalign.pipeline.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import socialalign.pipeline.evaluate.EvaluationTables;
import socialalign.pipeline.evaluate.EventScores;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.LabelCounts;
import socialalign.pipeline.evaluate.SystemScores;
import socialalign.pipeline.predict.PredictionRecord;
import socialalign.pipeline.sentiment.Emotion;
import socialalign.pipeline.sentiment.Polarity;

/**
 * The report of an evaluation as one self-contained HTML page (inline CSS and SVG, no script, no external
 * resource): the metric tables, per event the predicted against the real sentiment distributions as bar charts,
 * PAC-LoRA gate heatmaps when given, and sample predictions beside the real posts.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.05em}
            table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}
            th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}
            .note{background:#fff8e1;border-left:4px solid #e6a700;padding:.6em 1em}
            .charts{display:flex;flex-wrap:wrap;gap:1.5em}.chart-title{font-size:12px;font-weight:bold}
            .tick{font-size:10px;fill:#444}.grid{stroke:#e5e5e5}
            .samples td{text-align:left;vertical-align:top;max-width:420px}.gates{max-width:100%;height:auto}
            .scroll{overflow-x:auto}
            """;

    private HtmlReport() {}

    /**
     * @param evaluation  what {@code evaluate} computed
     * @param predictions each system's predictions, by system name (for the samples)
     * @param gatesSvg    a gate heatmap, or null
     * @param note        a sentence shown at the top (e.g. that a tiny model shows the pipeline only), or null
     * @param samples     sample cases shown per event
     */
    public static String render(Evaluation evaluation, Map<String, List<PredictionRecord>> predictions, String gatesSvg,
                                String note, int samples) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>SocialAlign evaluation</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>SocialAlign: dual-level public response prediction</h1>\n");
        if (note != null) h.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        h.append("<p>Systems: ").append(Html.escape(String.join(", ", evaluation.systems().stream().map(SystemScores::name).toList())))
                .append(". Sentiment by ").append(Html.escape(evaluation.classifier())).append(".</p>\n");
        for (EvaluationTables.Table t : List.of(EvaluationTables.micro(evaluation), EvaluationTables.macro(evaluation))) {
            table(h, t);
        }
        h.append("<h2>Per event: predicted against real sentiment</h2>\n");
        h.append("<p>Black: every real response of the event. Coloured: the posts each system predicted for the event's test users, "
                + "and those users' real posts.</p>\n");
        for (EventScores event : evaluation.realPosts().events()) eventSection(h, evaluation, event, predictions, samples);
        if (gatesSvg != null) {
            h.append("<h2>PAC-LoRA gates</h2>\n<p>Per prompt token, the weights of the three analyze (A, from the news span) "
                    + "and compose (B, from the user span) experts as red, green and blue; lines mark the span ends.</p>\n")
                    .append("<div class=\"scroll\">").append(gatesSvg).append("</div>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static void eventSection(StringBuilder h, Evaluation evaluation, EventScores reference,
                                     Map<String, List<PredictionRecord>> predictions, int samples) {
        String id = reference.topicId();
        h.append("<section class=\"event\" id=\"event-").append(Html.escape(id)).append("\">\n<h3>#")
                .append(Html.escape(reference.topic())).append("# <small>(event ").append(Html.escape(id)).append(", ")
                .append(reference.real().posts()).append(" real responses, ").append(reference.predicted().posts())
                .append(" test users)</small></h3>\n<div class=\"charts\">\n");
        Map<String, LabelCounts> series = new LinkedHashMap<>();
        series.put("real crowd (" + reference.real().posts() + ")", reference.real());
        for (SystemScores s : evaluation.systems()) {
            s.macro().events().stream().filter(e -> e.topicId().equals(id)).findFirst().ifPresent(e -> series.put(s.name(), e.predicted()));
        }
        series.put(EvaluationTables.REAL_POSTS, reference.predicted());
        h.append(chart("polarity", Arrays.stream(Polarity.values()).map(Polarity::label).toList(), series, LabelCounts::polarityDistribution));
        h.append(chart("emotion", Arrays.stream(Emotion.values()).map(Emotion::label).toList(), series, LabelCounts::emotionDistribution));
        h.append("</div>\n");
        samples(h, id, predictions, samples);
        h.append("</section>\n");
    }

    private static String chart(String what, List<String> categories, Map<String, LabelCounts> series,
                                Function<LabelCounts, double[]> distribution) {
        List<BarChart.Series> bars = new ArrayList<>();
        series.forEach((name, counts) -> bars.add(new BarChart.Series(name, distribution.apply(counts))));
        return BarChart.svg(what, categories, bars) + "\n";
    }

    private static void samples(StringBuilder h, String eventId, Map<String, List<PredictionRecord>> predictions, int samples) {
        if (samples <= 0 || predictions.isEmpty()) return;
        Map<String, Map<String, PredictionRecord>> byCase = new LinkedHashMap<>();
        predictions.forEach((system, records) -> records.stream().filter(r -> r.topicId().equals(eventId))
                .forEach(r -> byCase.computeIfAbsent(r.caseId(), k -> new LinkedHashMap<>()).put(system, r)));
        if (byCase.isEmpty()) return;
        h.append("<table class=\"samples\"><tr><th>user</th><th>real post</th>");
        predictions.keySet().forEach(s -> h.append("<th>").append(Html.escape(s)).append("</th>"));
        h.append("</tr>\n");
        byCase.values().stream().limit(samples).forEach(systems -> {
            PredictionRecord any = systems.values().iterator().next();
            h.append("<tr><td>").append(Html.escape(any.userName())).append("</td><td>").append(Html.escape(any.real()))
                    .append(label(any.realEmotion(), any.realPolarity())).append("</td>");
            predictions.keySet().forEach(s -> {
                PredictionRecord r = systems.get(s);
                h.append("<td>").append(r == null ? "" : Html.escape(r.prediction()) + label(r.predictedEmotion(), r.predictedPolarity()))
                        .append("</td>");
            });
            h.append("</tr>\n");
        });
        h.append("</table>\n");
    }

    private static String label(String emotion, String polarity) {
        return String.format(Locale.ROOT, "<br><small>%s, %s</small>", Html.escape(emotion), Html.escape(polarity));
    }

    private static void table(StringBuilder h, EvaluationTables.Table t) {
        h.append("<h2>").append(Html.escape(t.title())).append("</h2>\n<div class=\"scroll\"><table class=\"metrics\">\n<tr>");
        t.header().forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
        h.append("</tr>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(Html.escape(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }
}
