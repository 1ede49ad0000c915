package socialalign.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import socialalign.autograd.nn.Spans;
import socialalign.lora.GateMode;
import socialalign.lora.GateTrace;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.train.GateReport;

/** The heatmap of a {@code gates.json} written by {@code socialalign gates}, drawn by {@link GateReport}. */
final class GateHeatmap {
    private GateHeatmap() {}

    static String svg(Path gatesJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(gatesJson.toFile());
        try {
            String[] tokens = new ObjectMapper().treeToValue(root.required("tokens"), String[].class);
            List<GateTrace.Entry> entries = new ArrayList<>();
            int[] positions = new int[tokens.length];
            for (int i = 0; i < positions.length; i++) positions[i] = i;
            for (JsonNode m : root.required("modules")) {
                entries.add(new GateTrace.Entry(m.required("module").asText(), positions,
                        new ObjectMapper().treeToValue(m.required("analyze"), float[][].class),
                        new ObjectMapper().treeToValue(m.required("compose"), float[][].class)));
            }
            GateReport report = new GateReport(tokens, new Spans(root.required("user_end").asInt(), root.required("news_end").asInt()),
                    GateMode.parse(root.required("gate_mode").asText()), entries);
            return report.svg().replaceFirst("<svg ", "<svg class=\"gates\" ");
        } catch (IllegalArgumentException e) {
            throw new DataFileException(gatesJson, "not a gates file of 'socialalign gates': " + e.getMessage(), e);
        }
    }
}
