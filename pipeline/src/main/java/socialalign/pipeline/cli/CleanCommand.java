package socialalign.pipeline.cli;

import picocli.CommandLine.Command;
import socialalign.pipeline.dataset.clean.TextCleaner;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code socialalign clean}: a filter applying the reference's {@code clean_text} (spec B1) to each line of
 * standard input (one text per line, UTF-8), printing one cleaned text per line.
 */
@Command(name = "clean", description = "Clean texts (spec B1): one text per input line, one cleaned text per output line.")
public final class CleanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(TextCleaner.clean(line));
                out.write('\n');
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
