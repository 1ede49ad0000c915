package socialalign.pipeline.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import socialalign.models.ModelFormatException;
import socialalign.models.tokenizer.TokenizerFormatException;
import socialalign.pipeline.sentiment.Judge;
import socialalign.pipeline.sentiment.Polarity;

/** The {@code --judge} flags of the commands that label sentiment: the bundled classifier, or an LLM judge. */
final class JudgeOptions {

    @Option(names = "--judge", paramLabel = "KIND", defaultValue = "classifier",
            description = "who labels sentiment: classifier, local (an LLM judge on --judge-model DIR) or openai "
                    + "(an LLM judge on an OpenAI-compatible endpoint, key from OPENAI_API_KEY) (default: ${DEFAULT-VALUE})")
    String kind;

    @Option(names = "--judge-model", paramLabel = "DIR|NAME", description = "local: the Qwen2 model directory; openai: the model name")
    String model;

    @Option(names = "--judge-url", paramLabel = "URL", description = "openai: the endpoint's base URL (default: " + Judge.OPENAI_BASE_URL + ")")
    String baseUrl;

    @Option(names = "--judge-cache", paramLabel = "DIR", description = "the LLM judge's answer cache")
    Path cache;

    @Option(names = "--judge-concurrency", paramLabel = "N", defaultValue = "" + Judge.DEFAULT_CONCURRENCY,
            description = "openai: requests in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    /** The labeller; its answers are cached in {@code --judge-cache}, or {@code defaultCache}. */
    Judge.Labelling open(Path defaultCache, Polarity surprise) {
        try {
            return new Judge(kind, model, baseUrl, cache == null ? null : cache.toString(), concurrency).open(defaultCache, surprise);
        } catch (IllegalArgumentException | ModelFormatException | TokenizerFormatException e) {
            throw new UserError("--judge: " + e.getMessage(), e);
        }
    }
}
