package socialalign.pipeline.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.SystemScores;
import socialalign.pipeline.predict.PredictionRecord;
import socialalign.pipeline.predict.Predictor;

/** Writes the report of an evaluation file: its systems' prediction files give the samples. */
public final class Reports {
    private Reports() {}

    /**
     * @param gates a {@code gates.json} of {@code socialalign gates}, or null
     * @param note  a sentence for the top of the page, or null
     */
    public static void write(Path evaluationJson, Path gates, String note, int samples, Path output) throws IOException {
        Evaluation evaluation = Evaluation.read(evaluationJson);
        Map<String, List<PredictionRecord>> predictions = new LinkedHashMap<>();
        for (SystemScores s : evaluation.systems()) predictions.put(s.name(), Predictor.read(Path.of(s.file())));
        String html = HtmlReport.render(evaluation, predictions, gates == null ? null : GateHeatmap.svg(gates), note, samples);
        AtomicFile.writeString(output, html);
    }
}
