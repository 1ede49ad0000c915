package socialalign.pipeline.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.train.SftEncoder;

/**
 * {@code socialalign demo}: the whole job on the real Weibo subset bundled in the jar ({@code demo-data}, see its
 * README), with a tiny Qwen2-architecture model that the demo creates from a seed (and a PAC-LoRA adapter it trains
 * briefly on the subset's train cases), the offline persona backend and the bundled sentiment classifier. With a real
 * Qwen2 model directory it predicts zero-shot with that model instead.
 *
 * @param folder       the demo's working folder (data, model, dataset, predictions, report)
 * @param model        a real Qwen2 model directory, or null for the tiny one
 * @param trainEpochs  epochs of the PAC-LoRA adapter (0: no trained system)
 * @param maxNewTokens tokens per predicted post
 * @param limit        test cases per system (0: all)
 * @param resamples    bootstrap resamples
 * @param ablations    also the ablations without persona and without history (issue 7): the same system as the
 *                     others (zero-shot, or PAC-LoRA trained on the ablated prompts) with the ablated template
 */
public record Demo(Path folder, Path model, int trainEpochs, int maxNewTokens, int limit, int resamples, boolean ablations) {
    static final String DATA = "/socialalign/pipeline/run/demo-data/";
    static final List<String> DATA_FILES = List.of("events.jsonl.gz", "responses.jsonl.gz", "users.jsonl.gz", "README.md");
    static final long SEED = 42;
    /** Multi-byte characters the tiny tokenizer keeps whole. */
    static final int TOKENIZER_CHARACTERS = 1500;

    public static final String TINY_MODEL_NOTE = "This run used a tiny random-initialised Qwen2-architecture model (2 layers, "
            + "hidden size 64) trained for seconds: it shows that the pipeline works end to end, not the quality of "
            + "SocialLLM on Qwen2.5-7B. Its posts are noise, and so are its scores.";

    /** The demo without the ablations. */
    public Demo(Path folder, Path model, int trainEpochs, int maxNewTokens, int limit, int resamples) {
        this(folder, model, trainEpochs, maxNewTokens, limit, resamples, false);
    }

    /** Runs the demo; returns the evaluation. */
    public Evaluation run(PrintStream log) throws IOException {
        Path data = folder.resolve("data");
        for (String name : DATA_FILES) copyResource(DATA + name, data.resolve(name));
        Path modelDir = model;
        if (modelDir == null) {
            modelDir = folder.resolve("tiny-qwen2");
            if (!Files.isRegularFile(modelDir.resolve("model.safetensors"))) {
                int vocab = TinyTokenizer.write(modelDir.resolve("tokenizer.json"), corpus(data), TOKENIZER_CHARACTERS);
                TinyQwen2.write(modelDir, (vocab + 63) / 64 * 64, SEED);
                log.printf("demo: created a tiny Qwen2 model (%d-token vocabulary, seed %d) in %s%n", vocab, SEED, modelDir);
            }
        }
        Path datasetConfig = folder.resolve("dataset-config.json");
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("source", data.toString());
        dataset.put("output", folder.resolve("dataset").toString());
        dataset.put("history", Map.of("min_topic_length", 0, "require_topics", false));
        dataset.put("cases", Map.of("min_history", 3, "earlier_only", true));
        dataset.put("persona", Map.of("backend", "offline"));
        List<InstructionTemplate> templates = ablations ? List.of(InstructionTemplate.values()) : List.of(InstructionTemplate.FULL);
        dataset.put("alpaca", Map.of("split", "source", "templates", templates.stream().map(InstructionTemplate::id).toList()));
        writeIfChanged(datasetConfig, Json.PRETTY.writeValueAsString(dataset));

        List<JobConfig.SystemConfig> systems = new ArrayList<>();
        systems.add(new JobConfig.SystemConfig("base zero-shot", "full", null, null, null));
        JobConfig.TrainSettings pac = new JobConfig.TrainSettings("pac", "token", trainEpochs, 8, 1024, 2e-3);
        if (trainEpochs > 0) systems.add(new JobConfig.SystemConfig("pac-lora token", "full", null, null, pac));
        if (ablations) {
            String system = trainEpochs > 0 ? "pac-lora token" : "base zero-shot";
            for (InstructionTemplate t : List.of(InstructionTemplate.WITHOUT_PERSONA, InstructionTemplate.WITHOUT_HISTORY)) {
                systems.add(new JobConfig.SystemConfig(system + " " + t.id().replace('_', ' '), t.id(), null, null,
                        trainEpochs > 0 ? pac : null));
            }
        }
        JobConfig job = new JobConfig(datasetConfig.toString(), modelDir.toString(), null, folder.toString(), SEED, maxNewTokens,
                limit, resamples, systems, null);
        return new Job(job, model == null ? TINY_MODEL_NOTE : null, log, CpuBackend.shared()).run();
    }

    /** The tiny tokenizer's corpus: every post of the subset, and the prompts' fixed text. */
    private static List<String> corpus(Path data) throws IOException {
        List<String> texts = new ArrayList<>(List.of(InstructionTemplate.FULL.template(), SftEncoder.SYSTEM_PROMPT));
        try (Stream<WeiboResponse> responses = WeiboResponsesDataset.in(data).streamResponses()) {
            responses.forEach(r -> texts.add(r.text()));
        }
        return texts;
    }

    private static void copyResource(String resource, Path target) throws IOException {
        if (Files.exists(target)) return;
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the demo data " + resource + " is missing from the class path");
            byte[] bytes = in.readAllBytes();
            AtomicFile.writeBytes(target, out -> out.write(bytes));
        }
    }

    /** Leaves an unchanged file alone, so its modification time keeps the cached stages valid. */
    private static void writeIfChanged(Path file, String text) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file).equals(text)) return;
        AtomicFile.writeString(file, text);
    }
}
