package socialalign.pipeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import socialalign.models.ModelFormatException;
import socialalign.models.tokenizer.TokenizerFormatException;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.dataset.DatasetBuild;
import socialalign.pipeline.dataset.DatasetConfig;
import socialalign.pipeline.dataset.Stage;
import socialalign.pipeline.dataset.StageRunner;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code socialalign dataset}: builds the SocialWeibo dataset (spec B) stage by stage. {@code build} runs every
 * stage in order; {@code history}, {@code raw}, {@code persona} and {@code alpaca} run one. A stage whose inputs
 * and settings have not changed since its last complete run is skipped.
 */
@Command(name = "dataset", description = "Build the SocialWeibo dataset: history, raw, persona, alpaca.",
        subcommands = {DatasetCommand.Build.class, DatasetCommand.History.class, DatasetCommand.Raw.class,
                DatasetCommand.Persona.class, DatasetCommand.Alpaca.class})
public final class DatasetCommand {

    /** Options shared by every sub-command. */
    static class Common {
        @Option(names = "--config", description = "JSON config file (fields left out keep the reference defaults).")
        Path configFile;

        @Option(names = "--source", description = "Overrides the config's source folder.")
        String source;

        @Option(names = "--output", description = "Overrides the config's output folder.")
        String output;

        @Option(names = "--force", description = "Rerun stages even when up to date.")
        boolean force;

        @Option(names = "--crawl-store", paramLabel = "FILE",
                description = "Build from this crawl store instead of the public dataset (config: crawl.store).")
        String crawlStore;

        @Option(names = "--news", paramLabel = "DIR_OR_JSON",
                description = "With --crawl-store: each topic's news, {topic}/news.txt files or a JSON map (config: crawl.news).")
        String news;

        @Option(names = "--persona", paramLabel = "BACKEND",
                description = "Overrides the config's persona backend: offline, openai or local (with --model).")
        String persona;

        @Option(names = "--model", paramLabel = "DIR",
                description = "The Qwen2 model directory of the local persona backend (config: persona.model_dir).")
        String model;

        /** Runs the stages at {@code indices} of the build, in order. */
        int run(int... indices) {
            try {
                DatasetConfig config = configFile == null ? DatasetConfig.defaults() : DatasetConfig.read(configFile);
                if (source != null || output != null) {
                    config = config.withFolders(source != null ? source : config.source(), output != null ? output : config.output());
                }
                if (crawlStore != null || news != null) {
                    DatasetConfig.Crawl crawl = config.crawl();
                    config = config.withCrawl(new DatasetConfig.Crawl(crawlStore != null ? crawlStore : crawl == null ? null : crawl.store(),
                            news != null ? news : crawl == null ? null : crawl.news()));
                }
                if (persona != null || model != null) {
                    config = config.withPersona(config.persona().withBackend(persona != null ? persona : config.persona().backend(), model));
                }
                String apiKey = System.getenv().getOrDefault("OPENAI_API_KEY", "");
                if (config.persona().backend().equals("openai") && apiKey.isEmpty()) {
                    System.err.println("socialalign: OPENAI_API_KEY is not set; requests go without a key");
                }
                List<Stage> stages = DatasetBuild.stages(config, apiKey);
                StageRunner runner = new StageRunner(Path.of(config.output()), System.err);
                for (int i : indices) {
                    runner.run(stages.get(i), force);
                }
                return 0;
            } catch (NoSuchFileException e) {
                throw new UserError("no such file: " + (e.getReason() != null ? e.getReason() : e.getFile()), e);
            } catch (JsonProcessingException e) {
                throw new UserError((configFile == null ? "config" : configFile.toString()) + ": " + e.getOriginalMessage(), e);
            } catch (DataFileException | ModelFormatException | TokenizerFormatException | IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "build", description = "Run every stage in order (skipping those up to date).")
    static final class Build extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(0, 1, 2, 3);
        }
    }

    @Command(name = "history", description = "Stage 1: clean and filter history posts (spec B1-B4).")
    static final class History extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(0);
        }
    }

    @Command(name = "raw", description = "Stage 2: cases with BM25-retrieved history (spec B5, B6).")
    static final class Raw extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(1);
        }
    }

    @Command(name = "persona", description = "Stage 3: a persona per case (spec B7).")
    static final class Persona extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(2);
        }
    }

    @Command(name = "alpaca", description = "Stage 4: Alpaca files, split by topic, and statistics (spec B8).")
    static final class Alpaca extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(3);
        }
    }
}
