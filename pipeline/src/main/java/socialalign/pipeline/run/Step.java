package socialalign.pipeline.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import socialalign.pipeline.dataset.Stage;

/** A stage of the whole job, cached by {@link socialalign.pipeline.dataset.StageRunner} as the dataset's stages are. */
record Step(String name, List<Path> inputs, Object settings, List<Path> outputs, Work work) implements Stage {

    /** The work; it writes every output atomically. */
    @FunctionalInterface
    interface Work {
        void run(PrintStream log) throws IOException;
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        work.run(log);
        return true;
    }
}
