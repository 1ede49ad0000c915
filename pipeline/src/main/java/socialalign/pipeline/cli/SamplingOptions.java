package socialalign.pipeline.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import socialalign.models.ModelFormatException;
import socialalign.models.generate.GenerationConfig;
import socialalign.models.generate.SamplingParams;

/**
 * The sampling flags of {@code generate} and {@code chat}. A flag left out takes the model directory's
 * {@code generation_config.json} value (transformers' default without one); {@code --temperature 0} or
 * {@code --greedy} decodes greedily; any other temperature samples.
 */
final class SamplingOptions {

    @Option(names = "--temperature", paramLabel = "T", description = "softmax temperature; 0: greedy")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "keep the K most likely tokens; 0: off")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "keep the most likely tokens up to probability P; 1: off")
    Double topP;

    @Option(names = "--repetition-penalty", paramLabel = "R", description = "penalty on tokens already in the sequence; 1: off")
    Double repetitionPenalty;

    @Option(names = "--greedy", description = "always take the most likely token")
    boolean greedy;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "512", description = "at most N new tokens (default: ${DEFAULT-VALUE})")
    int maxNewTokens;

    @Option(names = "--seed", paramLabel = "N", description = "random seed; the same seed and flags give the same text (default: random, printed)")
    Long seed;

    /** The settings for {@code modelDirectory}; the seed actually used is {@link SamplingParams#seed()}. */
    SamplingParams resolve(Path modelDirectory) {
        GenerationConfig defaults;
        try {
            defaults = GenerationConfig.load(modelDirectory);
        } catch (ModelFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
        boolean sample = (defaults.doSample() || (temperature != null && temperature > 0)) && !greedy
                && !(temperature != null && temperature == 0);
        try {
            return new SamplingParams(sample,
                    temperature != null && temperature > 0 ? temperature : defaults.temperature(),
                    topK != null ? topK : defaults.topK(),
                    topP != null ? topP : defaults.topP(),
                    repetitionPenalty != null ? repetitionPenalty : defaults.repetitionPenalty(),
                    maxNewTokens,
                    seed != null ? seed : System.nanoTime());
        } catch (IllegalArgumentException e) {
            throw new UserError("sampling flags: " + e.getMessage(), e);
        }
    }
}
