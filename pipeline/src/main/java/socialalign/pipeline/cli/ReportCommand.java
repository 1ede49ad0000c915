package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.report.Reports;

/** {@code report}: one self-contained HTML page of an evaluation. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML file (inline CSS and SVG): the metric tables, per-event predicted vs "
                + "real sentiment distributions as bar charts, PAC-LoRA gate heatmaps (--gates) and sample predictions "
                + "beside the real posts.")
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--evaluation", required = true, paramLabel = "FILE", description = "evaluation.json of 'evaluate'")
    Path evaluation;

    @Option(names = "--gates", paramLabel = "FILE", description = "gates.json of 'gates', drawn as a heatmap")
    Path gates;

    @Option(names = "--samples", defaultValue = "3", paramLabel = "N", description = "sample cases per event (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--output", defaultValue = "report.html", paramLabel = "FILE", description = "(default: ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() throws IOException {
        for (Path p : new Path[] {evaluation, gates}) {
            if (p != null && !Files.isRegularFile(p)) throw new UserError(p + ": no such file");
        }
        try {
            Reports.write(evaluation, gates, null, samples, output);
        } catch (DataFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        System.err.println("report: wrote " + output.toAbsolutePath());
        return 0;
    }
}
