package socialalign.pipeline.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import socialalign.pipeline.metrics.Bootstrap;

/**
 * The tables of an {@link Evaluation}, for people: the micro level (one row per system) and the macro level (the mean
 * of each distance over events with its 95 % interval), the test users' real posts as the last macro row. The same
 * rows feed the markdown file and the HTML report.
 */
public final class EvaluationTables {
    private EvaluationTables() {}

    /** A table: header and rows of cells. */
    public record Table(String title, List<String> header, List<List<String>> rows) {}

    public static final String REAL_POSTS = "real posts of the test users";

    public static Table micro(Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (SystemScores s : e.systems()) {
            MicroScores m = s.micro();
            rows.add(List.of(s.name(), Integer.toString(m.cases()), f(m.bleu4()), f(m.sentenceBleu4()), f(m.rougeL()),
                    f(m.distinct1()), f(m.distinct2()), f(m.lengthRatio()), f(m.emotionAccuracy()), f(m.emotionMacroF1()),
                    f(m.polarityAccuracy()), f(m.polarityMacroF1())));
        }
        return new Table("Micro level: each predicted post against the user's real post",
                List.of("system", "cases", "BLEU-4 (char)", "sent. BLEU-4", "ROUGE-L", "distinct-1", "distinct-2", "length ratio",
                        "emotion acc.", "emotion macro-F1", "polarity acc.", "polarity macro-F1"), rows);
    }

    public static Table macro(Evaluation e) {
        List<String> header = new ArrayList<>(List.of("system", "events"));
        MacroScores.METRICS.keySet().forEach(k -> header.add(label(k)));
        List<List<String>> rows = new ArrayList<>();
        for (SystemScores s : e.systems()) rows.add(macroRow(s.name(), s.macro()));
        rows.add(macroRow(REAL_POSTS, e.realPosts()));
        return new Table("Macro level: per event, its users' distribution against its whole real crowd; mean over events [95% CI]",
                header, rows);
    }

    private static List<String> macroRow(String name, MacroScores m) {
        List<String> row = new ArrayList<>(List.of(name, Integer.toString(m.events().size())));
        for (String k : MacroScores.METRICS.keySet()) row.add(ci(m.means().get(k)));
        return row;
    }

    /** {@code polarity_js} as {@code polarity JS}; lower is better except cosine. */
    static String label(String key) {
        String[] parts = key.split("_");
        String metric = parts[1].equals("cosine") ? "cos ↑" : parts[1].toUpperCase(Locale.ROOT) + " ↓";
        return parts[0] + " " + metric;
    }

    public static String markdown(Evaluation e) {
        StringBuilder s = new StringBuilder("# Evaluation\n\n");
        for (Table t : List.of(micro(e), macro(e))) {
            s.append("## ").append(t.title()).append("\n\n");
            row(s, t.header(), Function.identity());
            row(s, t.header(), h -> "---");
            t.rows().forEach(r -> row(s, r, Function.identity()));
            s.append('\n');
        }
        s.append("Sentiment by ").append(e.classifier()).append("; KL is KL(real || predicted) with additive smoothing ")
                .append("1e-3; EMD over negative < neutral < positive; intervals: percentile bootstrap over events, ")
                .append(e.resamples()).append(" resamples, seed ").append(e.seed()).append(".\n");
        return s.toString();
    }

    private static void row(StringBuilder s, List<String> cells, Function<String, String> map) {
        s.append('|');
        cells.forEach(c -> s.append(' ').append(map.apply(c).replace("|", "\\|")).append(" |"));
        s.append('\n');
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String ci(Bootstrap.MeanCi m) {
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", m.mean(), m.lower(), m.upper());
    }
}
