package socialalign.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code socialalign} command line: one sub-command per stage of the pipeline. */
@Command(name = "socialalign",
        mixinStandardHelpOptions = true,
        version = "socialalign 0.1.0",
        description = "Public-response prediction on Weibo (SocialAlign) in pure Java.",
        subcommands = {
                // One line per sub-command.
                ShowcaseCommand.class,
                TokenizeCommand.class,
                LogitsCommand.class,
                GradCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                DatasetCommand.class,
                CrawlCommand.class,
                CleanCommand.class,
                RetrieveCommand.class,
                SentimentCommand.class,
                TrainCommand.class,
                GatesCommand.class,
                PredictCommand.class,
                EvaluateCommand.class,
                ReportCommand.class,
                RunCommand.class,
                DemoCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; bad input is a one-line message and exit code 2. */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(Main::oneLineError)
                .execute(args);
    }

    private static int oneLineError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof UserError) {
            cmd.getErr().println("socialalign: " + e.getMessage());
            return 2;
        }
        throw new RuntimeException(e);
    }
}
