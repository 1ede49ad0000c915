package socialalign.pipeline.report;

import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart as inline SVG: one group per category (negative, neutral, positive; or the six emotions), one
 * bar per series (the real crowd, each system), heights the shares in [0, 1], with axis, labels and a legend. Each
 * bar carries its value as a tooltip.
 */
final class BarChart {
    /** Colour-blind-safe (Okabe and Ito 2008); the real crowd is always the first, black. */
    static final String[] COLOURS = {"#222222", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442"};
    private static final int HEIGHT = 150, TOP = 24, LEFT = 34, BAR = 9, GAP = 14, LABEL = 30;

    /** One series: its name and a share per category. */
    record Series(String name, double[] shares) {}

    private BarChart() {}

    static String svg(String title, List<String> categories, List<Series> series) {
        int groupWidth = series.size() * BAR + GAP;
        int width = LEFT + categories.size() * groupWidth + 10;
        int legendHeight = 14 * series.size();
        int height = TOP + HEIGHT + LABEL + legendHeight;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                width, height, width, height, Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" class=\"chart-title\">%s</text>", LEFT, Html.escape(title)));
        for (int tick = 0; tick <= 4; tick++) {
            double y = TOP + HEIGHT - HEIGHT * tick / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%d%%</text>", LEFT, width - 6, y, y, LEFT - 4, y + 3, 25 * tick));
        }
        for (int c = 0; c < categories.size(); c++) {
            int x0 = LEFT + GAP / 2 + c * groupWidth;
            for (int k = 0; k < series.size(); k++) {
                double share = series.get(k).shares()[c];
                double h = HEIGHT * share;
                s.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %.1f%%</title></rect>",
                        x0 + k * BAR, TOP + HEIGHT - h, BAR - 1, h, COLOURS[k % COLOURS.length], Html.escape(series.get(k).name()),
                        Html.escape(categories.get(c)), 100 * share));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    x0 + series.size() * BAR / 2.0, TOP + HEIGHT + 14, Html.escape(categories.get(c))));
        }
        for (int k = 0; k < series.size(); k++) {
            int y = TOP + HEIGHT + LABEL + 14 * k;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text>", LEFT, y, COLOURS[k % COLOURS.length], LEFT + 14, y + 9,
                    Html.escape(series.get(k).name())));
        }
        return s.append("</svg>").toString();
    }
}
