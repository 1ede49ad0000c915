package socialalign.pipeline.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.sentiment.Judge;

/**
 * Every setting of {@code socialalign run}: the dataset to build, the base model, the systems to train and predict
 * with, and the evaluation. Relative paths are relative to the working directory.
 *
 * @param dataset       the dataset config file ({@code dataset build --config}); its output folder holds the dataset
 * @param model         the base Qwen2 model directory
 * @param tokenizer     tokenizer.json or its directory (null: {@code model})
 * @param output        the job's folder: adapters, predictions, evaluation and report
 * @param seed          sampling and bootstrap seed
 * @param maxNewTokens  tokens per predicted post (spec D1: 256)
 * @param limit         test cases per system (0: all)
 * @param resamples     bootstrap resamples
 * @param systems       the systems, in table order; the ablations are systems whose template is {@code without_persona}
 *                      or {@code without_history} (the dataset config must build that template)
 * @param judge         who labels sentiment (null: the bundled classifier); an LLM judge caches its answers in
 *                      {@code output/judge-cache} unless it names a cache
 */
public record JobConfig(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("model") String model,
        @JsonProperty("tokenizer") String tokenizer,
        @JsonProperty("output") String output,
        @JsonProperty("seed") long seed,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("limit") int limit,
        @JsonProperty("resamples") int resamples,
        @JsonProperty("systems") List<SystemConfig> systems,
        @JsonProperty("judge") Judge judge) {

    /**
     * One system: a base model zero-shot, a trained adapter, or one this job trains.
     *
     * @param name     its name in the tables
     * @param template the prompt template ({@code full}, {@code without_persona}, {@code without_history})
     * @param adapter  an existing adapter directory, or null
     * @param gateMode a PAC-LoRA gate mode replacing the adapter's, or null
     * @param train    how to train its adapter on the template's train file, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemConfig(
            @JsonProperty("name") String name,
            @JsonProperty("template") String template,
            @JsonProperty("adapter") String adapter,
            @JsonProperty("gate_mode") String gateMode,
            @JsonProperty("train") TrainSettings train) {
    }

    /**
     * Adapter training ({@code socialalign train}'s options; fields left out keep the paper's defaults).
     *
     * @param adapterType {@code pac} or {@code lora}
     * @param gateMode    PAC gates: {@code token}, {@code pooled}, ...
     * @param epochs      epochs (paper: 2)
     * @param gradAccum   sequences per optimizer step (paper: 16)
     * @param maxLength   tokens per sequence (paper: 1024)
     * @param learningRate null: 2e-5 PAC-LoRA, 5e-6 LoRA
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrainSettings(
            @JsonProperty("adapter_type") String adapterType,
            @JsonProperty("gate_mode") String gateMode,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("grad_accum") Integer gradAccum,
            @JsonProperty("max_length") Integer maxLength,
            @JsonProperty("learning_rate") Double learningRate) {
    }

    public static JobConfig read(Path file) throws IOException {
        JobConfig c = Json.MAPPER.readValue(file.toFile(), JobConfig.class);
        if (c == null || c.dataset() == null || c.model() == null || c.output() == null || c.systems() == null || c.systems().isEmpty()) {
            throw new IOException(file + ": a job config needs dataset, model, output and at least one system");
        }
        return c;
    }
}
