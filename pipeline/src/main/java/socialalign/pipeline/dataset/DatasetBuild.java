package socialalign.pipeline.dataset;

import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.models.generate.SamplingParams;
import socialalign.pipeline.dataset.persona.ChatPersonaExtractor;
import socialalign.pipeline.dataset.persona.OfflinePersonaExtractor;
import socialalign.pipeline.dataset.persona.PersonaExtractor;
import socialalign.pipeline.llm.LocalChat;
import socialalign.pipeline.llm.OpenAiChat;
import socialalign.pipeline.llm.PromptCache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The four stages of dataset construction, wired from a {@link DatasetConfig}, in the order they run. */
public final class DatasetBuild {
    private DatasetBuild() {
    }

    /**
     * History, raw, persona and alpaca stages for {@code config}, the first two reading the crawl store when
     * {@code crawl.store} is set and the public dataset otherwise; {@code apiKey} is used by the openai backend.
     */
    public static List<Stage> stages(DatasetConfig config, String apiKey) throws IOException {
        Path out = Path.of(config.output());
        Stage history;
        Stage raw;
        if (config.crawl() != null && config.crawl().enabled()) {
            CrawlSource crawl = CrawlSource.of(config.crawl());
            history = new CrawlHistoryStage(crawl, config.history(), out);
            raw = new CrawlRawDatasetStage(crawl, config.cases(), config.retrieval(), out);
        } else {
            WeiboResponsesDataset source = WeiboResponsesDataset.in(Path.of(config.source()));
            history = new HistoryStage(source, config.history(), out);
            raw = new RawDatasetStage(source, config.cases(), config.retrieval(), out);
        }
        return List.of(
                history,
                raw,
                new PersonaStage(personaExtractor(config.persona(), out, apiKey), config.persona().concurrency(), out),
                new AlpacaStage(config.alpaca(), out));
    }

    /** The persona backend a config names; a local model's weights load only when a persona is asked for. */
    static PersonaExtractor personaExtractor(DatasetConfig.Persona settings, Path out, String apiKey) {
        PromptCache cache = new PromptCache(out.resolve(settings.cache()));
        return switch (settings.backend()) {
            case "offline" -> new OfflinePersonaExtractor();
            case "openai" -> new ChatPersonaExtractor(new OpenAiChat(settings.baseUrl(), settings.model(), apiKey,
                    settings.maxAttempts(), Duration.ofSeconds(2)), cache);
            case "local" -> {
                if (settings.modelDir() == null) {
                    throw new IllegalArgumentException("persona.model_dir: the local backend needs a Qwen2 model directory (--model DIR)");
                }
                yield new ChatPersonaExtractor(new LocalChat(Path.of(settings.modelDir()), sampling(settings)), cache);
            }
            default -> throw new IllegalArgumentException("persona.backend: expected \"offline\", \"openai\" or \"local\", got \""
                    + settings.backend() + "\"");
        };
    }

    /** Greedy at temperature 0; otherwise sampled with the config's seed (no top-k, top-p or penalty: the API defaults). */
    private static SamplingParams sampling(DatasetConfig.Persona settings) {
        try {
            return settings.temperature() == 0 ? SamplingParams.greedy(settings.maxNewTokens())
                    : new SamplingParams(true, settings.temperature(), 0, 1, 1, settings.maxNewTokens(), settings.seed());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("persona: " + e.getMessage(), e);
        }
    }
}
