package socialalign.pipeline.dataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One restartable stage of dataset construction. {@link StageRunner} runs it only when its outputs are missing or
 * its inputs or settings changed since the last complete run.
 */
public interface Stage {
    /** A short name, used in progress lines and in the completion stamp. */
    String name();

    /** Files whose content decides the output (their size and modification time are fingerprinted). */
    List<Path> inputs();

    /** Everything else that decides the output; serialised to JSON for the fingerprint. */
    Object settings();

    /** The files or folders the stage produces. */
    List<Path> outputs();

    /**
     * Does the work, writing every output atomically. Returns whether the work is complete; an incomplete run (some
     * cases failed and were reported) is not stamped, so the next run retries it.
     */
    boolean run(PrintStream log) throws IOException;
}
