package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.lora.AdapterFormatException;
import socialalign.models.ModelFormatException;
import socialalign.models.tokenizer.TokenizerFormatException;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.evaluate.EvaluationTables;
import socialalign.pipeline.run.Job;
import socialalign.pipeline.run.JobConfig;

/** {@code run}: the whole job from a config file, every stage cached and resumable. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs dataset -> train -> predict -> evaluate -> report from a job config (JSON, comments allowed). "
                + "Stages whose inputs and settings are unchanged are skipped; training and prediction resume where they stopped.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "job config (see pipeline/configs/run-example.json)")
    Path config;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(config)) throw new UserError(config + ": no such file");
        JobConfig job;
        try {
            job = JobConfig.read(config);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserError(config + ": " + e.getOriginalMessage(), e);
        }
        try {
            var evaluation = new Job(job, null, System.err, device.backend()).run();
            System.out.print(EvaluationTables.markdown(evaluation));
        } catch (DataFileException | ModelFormatException | AdapterFormatException | TokenizerFormatException
                 | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        System.err.println("run: report in " + Path.of(job.output()).resolve(Job.REPORT).toAbsolutePath());
        return 0;
    }
}
