package socialalign.pipeline.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import socialalign.autograd.nn.Spans;
import socialalign.lora.GateMode;
import socialalign.lora.GateTrace;

/**
 * The gate weights of one prompt for people to look at: JSON (per module, per token, the three weights of each gate)
 * and an SVG heatmap, one row per module and gate, one column per token, each cell coloured by its three weights
 * as red, green and blue (a uniform gate is grey), with the user and news spans marked.
 */
public record GateReport(String[] tokens, Spans spans, GateMode mode, List<GateTrace.Entry> entries) {
    private static final int CELL_W = 9, CELL_H = 7, LABEL_W = 230, TOP = 60;

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("gate_mode", mode.wireName());
        root.put("user_end", spans.userEnd());
        root.put("news_end", spans.newsEnd());
        root.put("tokens", tokens);
        root.put("modules", entries.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("module", e.module());
            m.put("analyze", e.analyze());
            m.put("compose", e.compose());
            return m;
        }).toList());
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String svg() {
        int width = LABEL_W + CELL_W * tokens.length + 10, height = TOP + CELL_H * 2 * entries.size() + 20;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"7\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"4\" y=\"14\" font-size=\"11\">PAC-LoRA gates (%s): red/green/blue = expert 0/1/2; A = analyze (news), B = compose (user)</text>%n",
                width, height, mode.wireName()));
        for (int t = 0; t < tokens.length; t++) {
            double x = LABEL_W + CELL_W * t + CELL_W / 2.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(-90 %.1f %d)\"><title>%d</title>%s</text>%n",
                    x + 2, TOP - 3, x + 2, TOP - 3, t, LossCurve.escape(visible(tokens[t]))));
        }
        int row = 0;
        for (GateTrace.Entry e : entries) {
            for (int side = 0; side < 2; side++, row++) {
                float[][] w = side == 0 ? e.analyze() : e.compose();
                int y = TOP + CELL_H * row;
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s</text>%n",
                        LABEL_W - 4, y + CELL_H - 1, LossCurve.escape(e.module().replace("model.layers.", "L")), side == 0 ? "A" : "B"));
                for (int t = 0; t < w.length; t++) {
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,%d)\"/>%n",
                            LABEL_W + CELL_W * t, y, CELL_W, CELL_H, channel(w[t][0]), channel(w[t][1]), channel(w[t][2])));
                }
            }
        }
        for (int boundary : new int[] {spans.userEnd(), spans.newsEnd()}) {
            if (boundary <= 0 || boundary > tokens.length) continue;
            int x = LABEL_W + CELL_W * boundary;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" stroke-width=\"1\"/>%n",
                    x, TOP - 50, x, height - 20));
        }
        return s.append("</svg>\n").toString();
    }

    private static int channel(float weight) {
        return Math.round(255 * Math.clamp(weight, 0f, 1f));
    }

    private static String visible(String token) {
        return token.replace("\n", "⏎").replace(" ", "·");
    }
}
