package socialalign.pipeline.train;

import java.util.List;
import java.util.Locale;

/** The loss per optimizer step as a small self-contained SVG line chart. */
final class LossCurve {
    private static final int WIDTH = 640, HEIGHT = 360, LEFT = 60, RIGHT = 20, TOP = 30, BOTTOM = 40;

    private LossCurve() {}

    static String svg(List<StepMetrics> history, String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, plotW, plotH));
        List<StepMetrics> points = history.stream().filter(m -> Double.isFinite(m.loss())).toList();
        if (!points.isEmpty()) {
            double lo = points.stream().mapToDouble(StepMetrics::loss).min().orElseThrow();
            double hi = points.stream().mapToDouble(StepMetrics::loss).max().orElseThrow();
            if (hi - lo < 1e-9) {
                hi += 0.5;
                lo -= 0.5;
            }
            int maxStep = Math.max(2, points.getLast().step());
            StringBuilder line = new StringBuilder();
            for (StepMetrics m : points) {
                double x = LEFT + plotW * (m.step() - 1.0) / (maxStep - 1);
                double y = TOP + plotH * (hi - m.loss()) / (hi - lo);
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            s.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(line.toString().strip()).append("\"/>\n");
            for (int i = 0; i <= 4; i++) {
                double v = lo + (hi - lo) * i / 4;
                double y = TOP + plotH * (1 - i / 4.0);
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>%n", LEFT - 5, y + 4, v));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">1</text>%n", LEFT, HEIGHT - BOTTOM + 15));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>%n", WIDTH - RIGHT, HEIGHT - BOTTOM + 15, maxStep));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">optimizer step</text>%n",
                LEFT + plotW / 2, HEIGHT - 8));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">loss</text>%n",
                TOP + plotH / 2, TOP + plotH / 2));
        return s.append("</svg>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
