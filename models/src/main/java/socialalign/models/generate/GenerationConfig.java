package socialalign.models.generate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import socialalign.models.ModelFormatException;

/**
 * A model directory's {@code generation_config.json}: the sampling settings its authors recommend (Qwen2.5-Instruct:
 * sampling at temperature 0.7, top-p 0.8, top-k 20, repetition penalty 1.05). Fields it leaves out, or a missing
 * file, take the defaults of transformers' {@code GenerationConfig}: greedy, temperature 1, top-k 50, top-p 1,
 * no penalty.
 */
public record GenerationConfig(boolean doSample, double temperature, int topK, double topP, double repetitionPenalty) {

    public static final String FILE_NAME = "generation_config.json";

    public static final GenerationConfig TRANSFORMERS_DEFAULTS = new GenerationConfig(false, 1, 50, 1, 1);

    public static GenerationConfig load(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return TRANSFORMERS_DEFAULTS;
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ModelFormatException(file, "not valid JSON: " + e.getOriginalMessage().replaceAll("\\R", " "), e);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ModelFormatException(file, "expected a JSON object");
        GenerationConfig d = TRANSFORMERS_DEFAULTS;
        return new GenerationConfig(
                bool(file, root, "do_sample", d.doSample),
                number(file, root, "temperature", d.temperature),
                (int) number(file, root, "top_k", d.topK),
                number(file, root, "top_p", d.topP),
                number(file, root, "repetition_penalty", d.repetitionPenalty));
    }

    /** These settings with a token budget and a seed. */
    public SamplingParams toParams(int maxNewTokens, long seed) {
        return new SamplingParams(doSample, temperature, topK, topP, repetitionPenalty, maxNewTokens, seed);
    }

    private static double number(Path file, JsonNode root, String field, double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return fallback;
        if (!n.isNumber()) throw new ModelFormatException(file, "field " + field + ": expected a number, got " + n);
        return n.doubleValue();
    }

    private static boolean bool(Path file, JsonNode root, String field, boolean fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return fallback;
        if (!n.isBoolean()) throw new ModelFormatException(file, "field " + field + ": expected true or false, got " + n);
        return n.booleanValue();
    }
}
