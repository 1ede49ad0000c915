package socialalign.pipeline.dataset;

import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.dataset.persona.OfflinePersonaExtractor;
import socialalign.pipeline.dataset.persona.OpenAiPersonaExtractor;
import socialalign.pipeline.dataset.persona.PersonaExtractor;
import socialalign.pipeline.dataset.persona.PromptCache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The four stages of dataset construction, wired from a {@link DatasetConfig}, in the order they run. */
public final class DatasetBuild {
    private DatasetBuild() {
    }

    /** History, raw, persona and alpaca stages for {@code config}; {@code apiKey} is used by the openai backend. */
    public static List<Stage> stages(DatasetConfig config, String apiKey) throws IOException {
        WeiboResponsesDataset source = WeiboResponsesDataset.in(Path.of(config.source()));
        Path out = Path.of(config.output());
        return List.of(
                new HistoryStage(source, config.history(), out),
                new RawDatasetStage(source, config.cases(), config.retrieval(), out),
                new PersonaStage(personaExtractor(config.persona(), out, apiKey), config.persona().concurrency(), out),
                new AlpacaStage(config.alpaca(), out));
    }

    /** The persona backend a config names. */
    static PersonaExtractor personaExtractor(DatasetConfig.Persona settings, Path out, String apiKey) {
        return switch (settings.backend()) {
            case "offline" -> new OfflinePersonaExtractor();
            case "openai" -> new OpenAiPersonaExtractor(settings.baseUrl(), settings.model(), apiKey, settings.maxAttempts(),
                    Duration.ofSeconds(2), new PromptCache(out.resolve(settings.cache())));
            default -> throw new IllegalArgumentException("persona.backend: expected \"offline\" or \"openai\", got \""
                    + settings.backend() + "\" (the local Qwen2 backend awaits the model engine)");
        };
    }
}
