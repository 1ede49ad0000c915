package socialalign.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import socialalign.pipeline.dataset.clean.ExclusionLists;
import socialalign.pipeline.dataset.clean.HistorySettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of {@code socialalign dataset}, read from a JSON config file (comments allowed). A field left out
 * keeps its default; the defaults are the reference's values, meant for crawled timelines. Relative paths are
 * relative to the working directory.
 *
 * @param source    folder of the public Weibo responses dataset ({@code events/responses/users.jsonl[.gz]}); ignored
 *                  when {@code crawl.store} is set
 * @param output    folder for every stage's output
 * @param history   history filtering (spec B4)
 * @param cases     raw dataset (spec B6)
 * @param retrieval BM25 (spec B5)
 * @param persona   persona extraction (spec B7)
 * @param alpaca    Alpaca output (spec B8)
 * @param crawl     the crawl store as the source instead (spec B6 from crawled search results and timelines)
 */
public record DatasetConfig(
        @JsonProperty("source") String source,
        @JsonProperty("output") String output,
        @JsonProperty("history") History history,
        @JsonProperty("cases") Cases cases,
        @JsonProperty("retrieval") Retrieval retrieval,
        @JsonProperty("persona") Persona persona,
        @JsonProperty("alpaca") Alpaca alpaca,
        @JsonProperty("crawl") Crawl crawl) {

    /**
     * The crawl store as the dataset's source (spec B6): every crawled search query (weibo-search and 微博智搜) is a
     * topic, its results are the target posts, their authors' crawled timelines the histories. Unset ({@code store}
     * null), the public dataset of {@code source} is read instead.
     *
     * @param store the crawl store's SQLite file ({@code socialalign crawl --store})
     * @param news  the news text of each topic, given by the user: either a folder holding {@code {topic}/news.txt}
     *              (UTF-8, read verbatim, as the reference's topic folders), or a JSON file mapping topic to news
     *              text. A topic is looked up as the query itself, as the query without its enclosing {@code #}s, and
     *              as the crawl export's folder name ({@code #q#} becomes {@code %23q%23}); queries without news
     *              are reported and their posts dropped
     */
    public record Crawl(@JsonProperty("store") String store, @JsonProperty("news") String news) {

        /** Whether the crawl store is the source. */
        public boolean enabled() {
            return store != null;
        }
    }

    /** The same config with another source folder and output folder. */
    public DatasetConfig withFolders(String newSource, String newOutput) {
        return new DatasetConfig(newSource, newOutput, history, cases, retrieval, persona, alpaca, crawl);
    }

    /** The same config building from a crawl store. */
    public DatasetConfig withCrawl(Crawl newCrawl) {
        return new DatasetConfig(source, output, history, cases, retrieval, persona, alpaca, newCrawl);
    }

    /** The same config with other persona settings. */
    public DatasetConfig withPersona(Persona newPersona) {
        return new DatasetConfig(source, output, history, cases, retrieval, newPersona, alpaca, crawl);
    }

    /**
     * Spec B4 thresholds.
     *
     * @param exclusions        {@code "reference"} (the lists of spec B3), {@code "none"}, or a folder with the four list files
     * @param minTopicLength    drop posts with a topic of fewer code points (reference 4; 0 disables)
     * @param requireTopics     drop posts without a topic (reference true)
     * @param excludeScreenName drop posts containing the user's own screen name (reference true)
     */
    public record History(
            @JsonProperty("exclusions") String exclusions,
            @JsonProperty("min_topic_length") int minTopicLength,
            @JsonProperty("require_topics") boolean requireTopics,
            @JsonProperty("exclude_screen_name") boolean excludeScreenName) {

        /** The filter settings these values describe. */
        public HistorySettings settings() throws IOException {
            ExclusionLists lists = switch (exclusions) {
                case "reference" -> ExclusionLists.reference();
                case "none" -> ExclusionLists.none();
                default -> ExclusionLists.load(Path.of(exclusions));
            };
            return new HistorySettings(lists, minTopicLength, requireTopics, excludeScreenName);
        }
    }

    /**
     * Spec B6 thresholds.
     *
     * @param minHistory         fewest eligible history posts a case needs (reference 10); below 5, prompts show
     *                           empty slots
     * @param earlierOnly        history holds only posts written before the target (no look-ahead)
     * @param missingTopic       an event without a hashtag or title: {@code "lead"} uses the news' first clause
     *                           (at most 20 code points), {@code "drop"} drops its cases
     * @param columnHashtags     hashtags that name a news column (万象, 热点…), replaced by the event's title when it has one
     */
    public record Cases(
            @JsonProperty("min_history") int minHistory,
            @JsonProperty("earlier_only") boolean earlierOnly,
            @JsonProperty("missing_topic") String missingTopic,
            @JsonProperty("column_hashtags") List<String> columnHashtags) {
    }

    /**
     * BM25 parameters.
     *
     * @param k1 term-frequency saturation (reference 1.5)
     * @param b  length normalisation (reference 0.75)
     */
    public record Retrieval(@JsonProperty("k1") double k1, @JsonProperty("b") double b) {
    }

    /**
     * Persona backend.
     *
     * @param backend      {@code "offline"} (no LLM), {@code "openai"} (any OpenAI-compatible chat-completions endpoint)
     *                     or {@code "local"} (a Qwen2 model on our own engine)
     * @param baseUrl      openai: the endpoint's base URL, e.g. {@code https://host/v1}
     * @param model        openai: the model name sent to the endpoint
     * @param modelDir     local: the Hugging Face model directory (config.json, safetensors, tokenizer.json)
     * @param temperature  local: 0 decodes greedily, above 0 samples with {@code seed}
     * @param seed         local: the sampling seed, the same for every case
     * @param maxNewTokens local: tokens per persona at most
     * @param concurrency  requests (or offline extractions) in flight at once; a local model decodes one at a time
     * @param maxAttempts  openai: attempts per case before it is reported as failed
     * @param cache        folder of the on-disk answer cache (relative to {@code output} when relative)
     */
    public record Persona(
            @JsonProperty("backend") String backend,
            @JsonProperty("base_url") String baseUrl,
            @JsonProperty("model") String model,
            @JsonProperty("model_dir") String modelDir,
            @JsonProperty("temperature") double temperature,
            @JsonProperty("seed") long seed,
            @JsonProperty("max_new_tokens") int maxNewTokens,
            @JsonProperty("concurrency") int concurrency,
            @JsonProperty("max_attempts") int maxAttempts,
            @JsonProperty("cache") String cache) {

        /** The same settings with another backend and, when not null, another local model directory. */
        public Persona withBackend(String backend, String modelDir) {
            return new Persona(backend, baseUrl, model, modelDir != null ? modelDir : this.modelDir, temperature, seed,
                    maxNewTokens, concurrency, maxAttempts, cache);
        }
    }

    /**
     * Alpaca output and split.
     *
     * @param templates     which instruction templates to write: {@code full}, {@code without_persona}, {@code without_history}
     * @param split         {@code "random"}: topics shuffled with {@code seed}, a {@code test_fraction} of them to
     *                      test; {@code "source"}: the source's own {@code split} field
     * @param testFraction  share of topics for test in random mode
     * @param seed          the shuffle's seed
     */
    public record Alpaca(
            @JsonProperty("templates") List<String> templates,
            @JsonProperty("split") String split,
            @JsonProperty("test_fraction") double testFraction,
            @JsonProperty("seed") long seed) {
    }

    /** The reference's settings, for crawled data. */
    public static DatasetConfig defaults() {
        return new DatasetConfig(
                "../shared/data/weibo-responses",
                "build/socialweibo",
                new History("reference", 4, true, true),
                new Cases(10, true, "lead", List.of("万象", "热点", "拍案", "那年今日")),
                new Retrieval(1.5, 0.75),
                new Persona("offline", "https://api.openai.com/v1", "gpt-4-0125-preview", null, 0, 42, 256, 4, 5, "persona-cache"),
                new Alpaca(List.of("full", "without_persona", "without_history"), "random", 0.2, 42),
                new Crawl(null, null));
    }

    /** Reads a config file over the defaults: fields it leaves out keep their default. */
    public static DatasetConfig read(Path file) throws IOException {
        JsonNode given = Json.MAPPER.readTree(file.toFile());
        if (given == null || !given.isObject()) {
            throw new IOException(file + ": a dataset config is a JSON object");
        }
        ObjectNode merged = Json.MAPPER.valueToTree(defaults());
        merge(merged, (ObjectNode) given);
        return Json.MAPPER.treeToValue(merged, DatasetConfig.class);
    }

    /** Objects merge field by field; any other value, arrays included, replaces the default. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(field -> {
            JsonNode current = into.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode fromObject) {
                merge(currentObject, fromObject);
            } else {
                into.set(field.getKey(), field.getValue());
            }
        });
    }
}
