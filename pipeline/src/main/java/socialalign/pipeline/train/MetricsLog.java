package socialalign.pipeline.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import socialalign.models.io.AtomicFile;

/**
 * {@code metrics.jsonl}: one JSON object per optimizer step, flushed as it is written. A resumed run first drops the
 * lines after its checkpoint (steps that will be redone), so the log always reads as one run.
 */
final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<StepMetrics> history = new ArrayList<>();
    private final BufferedWriter out;

    /** Opens {@code file}, keeping the steps up to {@code keepThrough} of an earlier run. */
    MetricsLog(Path file, int keepThrough) throws IOException {
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                StepMetrics m = JSON.readValue(line, StepMetrics.class);
                if (m.step() <= keepThrough) history.add(m);
            }
        }
        AtomicFile.write(file, w -> {
            for (StepMetrics m : history) w.write(JSON.writeValueAsString(m) + "\n");
        });
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    void append(StepMetrics m) {
        history.add(m);
        try {
            out.write(JSON.writeValueAsString(m));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<StepMetrics> history() {
        return List.copyOf(history);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
