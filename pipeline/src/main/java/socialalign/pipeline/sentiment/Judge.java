package socialalign.pipeline.sentiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import socialalign.models.generate.SamplingParams;
import socialalign.pipeline.llm.LocalChat;
import socialalign.pipeline.llm.OpenAiChat;
import socialalign.pipeline.llm.PromptCache;

/**
 * Which labeller judges sentiment, wherever posts are labelled (predict, evaluate, run, sentiment):
 * {@code classifier} (the bundled emotion classifier, the default), {@code local} (an {@link LlmJudge} on a Qwen2 model
 * directory, greedy) or {@code openai} (an {@link LlmJudge} on an OpenAI-compatible endpoint, key from
 * {@code OPENAI_API_KEY}).
 *
 * @param kind        {@code classifier}, {@code local} or {@code openai}
 * @param model       local: the model directory; openai: the model name
 * @param baseUrl     openai: the endpoint's base URL (null: {@value #OPENAI_BASE_URL})
 * @param cache       the answer cache folder (null: the caller's default)
 * @param concurrency openai: requests in flight at once (0: {@value #DEFAULT_CONCURRENCY})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Judge(
        @JsonProperty("kind") String kind,
        @JsonProperty("model") String model,
        @JsonProperty("base_url") String baseUrl,
        @JsonProperty("cache") String cache,
        @JsonProperty("concurrency") int concurrency) {

    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Enough for a one-word answer and a little chatter around it. */
    static final int LOCAL_MAX_NEW_TOKENS = 32;
    public static final Judge CLASSIFIER = new Judge("classifier", null, null, null, 0);

    /** A labeller and how it was made, for the record of an evaluation. */
    public record Labelling(EmotionLabeller labeller, String provenance) {}

    /**
     * The labeller these settings name.
     *
     * @param defaultCache the cache folder when {@link #cache} is null
     * @param surprise     the polarity surprise counts as
     * @throws IllegalArgumentException naming the bad setting
     */
    public Labelling open(Path defaultCache, Polarity surprise) {
        String k = kind == null ? "classifier" : kind;
        if (k.equals("classifier")) {
            EmotionModelFile.Loaded bundled = EmotionModelFile.bundled();
            return new Labelling(bundled.classifier().withSurpriseAs(surprise), bundled.provenance());
        }
        if (!k.equals("local") && !k.equals("openai")) {
            throw new IllegalArgumentException("judge: expected classifier, local or openai, got \"" + kind + "\"");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("judge model: the " + k + " judge needs " + (k.equals("local") ? "a Qwen2 model directory" : "a model name"));
        }
        PromptCache answers = new PromptCache(cache != null ? Path.of(cache) : defaultCache);
        LlmJudge judge = k.equals("local")
                ? new LlmJudge(new LocalChat(Path.of(model), SamplingParams.greedy(LOCAL_MAX_NEW_TOKENS)), answers, surprise, 1)
                : new LlmJudge(new OpenAiChat(baseUrl != null ? baseUrl : OPENAI_BASE_URL, model, System.getenv("OPENAI_API_KEY"), 5,
                        Duration.ofSeconds(2)), answers, surprise, concurrency > 0 ? concurrency : DEFAULT_CONCURRENCY);
        return new Labelling(judge, judge.provenance());
    }
}
