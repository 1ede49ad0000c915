package socialalign.pipeline.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.lora.AdapterFormatException;
import socialalign.lora.GateMode;
import socialalign.lora.LoraConfig;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.pipeline.dataset.alpaca.AlpacaRecord;
import socialalign.pipeline.train.SftEncoder;
import socialalign.pipeline.train.SftExample;
import socialalign.pipeline.train.StepMetrics;
import socialalign.pipeline.train.TrainConfig;
import socialalign.pipeline.train.Trainer;
import socialalign.pipeline.train.TrainerState;
import socialalign.pipeline.train.TrainingCheckpoint;

/** {@code train}: supervised fine-tuning of a PAC-LoRA (or plain LoRA) adapter on Alpaca records (spec C). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tunes a PAC-LoRA or LoRA adapter on Alpaca JSON records (SocialLLM, spec C); "
                + "defaults are the paper's. Writes checkpoints, metrics.jsonl, loss.svg and the final adapter to --output.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "base Qwen2 model directory (frozen)")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.json", description = "Alpaca records: a JSON list of {instruction, input, output}")
    Path data;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "output directory")
    Path output;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "tokenizer.json or its directory (default: --model)")
    Path tokenizer;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue from a checkpoint directory, or from the latest checkpoint in an output directory; "
                    + "the run's settings come from the checkpoint")
    Path resume;

    @Option(names = "--adapter-type", defaultValue = "pac", paramLabel = "pac|lora", description = "PAC-LoRA or plain LoRA (default: ${DEFAULT-VALUE})")
    String adapterType;

    @Option(names = "--gate-mode", defaultValue = "token", paramLabel = "MODE",
            description = "PAC gates: token (reference), pooled, avg_a, avg_b, avg_both (default: ${DEFAULT-VALUE})")
    String gateMode;

    @Option(names = "--r", defaultValue = "8", description = "rank (default: ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--alpha", defaultValue = "16", description = "lora_alpha (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--dropout", defaultValue = "0.1", description = "lora_dropout (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--targets", defaultValue = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
            paramLabel = "LIST", description = "target projections (default: all seven)")
    String targets;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: 2e-5 PAC-LoRA, 5e-6 LoRA)")
    Double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--warmup-ratio", defaultValue = "0.1", description = "cosine schedule warmup share (default: ${DEFAULT-VALUE})")
    double warmupRatio;

    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "gradient clipping (default: ${DEFAULT-VALUE})")
    double maxGradNorm;

    @Option(names = "--grad-accum", defaultValue = "16", description = "sequences per optimizer step (default: ${DEFAULT-VALUE})")
    int gradAccum;

    @Option(names = "--epochs", defaultValue = "2", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--max-length", defaultValue = "1024", description = "tokens per sequence; longer ones lose history (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--save-steps", defaultValue = "100", description = "checkpoint every N optimizer steps and at each epoch end (default: ${DEFAULT-VALUE})")
    int saveSteps;

    @Option(names = "--keep-checkpoints", defaultValue = "2", description = "checkpoints kept (default: ${DEFAULT-VALUE})")
    int keepCheckpoints;

    @Option(names = "--seed", defaultValue = "42", description = "adapter init, data order and dropout (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        Path checkpoint = resume == null ? null : checkpoint(resume);
        TrainerState state = checkpoint == null ? null : TrainingCheckpoint.state(checkpoint);
        TrainConfig config = state != null ? state.config() : config();
        Tokenizer tok = ModelArgs.tokenizer(tokenizer != null ? tokenizer : model);

        List<AlpacaRecord> records = readRecords(data);
        SftEncoder encoder = new SftEncoder(tok, config.maxLength(), config.adapter().pac());
        List<SftExample> examples = new ArrayList<>();
        Map<SftEncoder.Skip, Integer> skipped = new EnumMap<>(SftEncoder.Skip.class);
        int shortened = 0;
        long targetTokens = 0;
        for (AlpacaRecord r : records) {
            SftEncoder.Encoded e = encoder.encode(r);
            if (e.skip() != null) {
                skipped.merge(e.skip(), 1, Integer::sum);
                continue;
            }
            examples.add(e.example());
            if (e.example().shortened()) shortened++;
            targetTokens += e.example().labels();
        }
        System.err.printf("train: %d records, %d examples (%d with history shortened to fit %d tokens), %d target tokens%n",
                records.size(), examples.size(), shortened, config.maxLength(), targetTokens);
        skipped.forEach((why, n) -> System.err.printf("train: skipped %d records: %s%n", n, why.reason));
        if (examples.isEmpty()) throw new UserError(data + ": no usable records");

        Qwen2ForCausalLM base = ModelArgs.model(model, false, device.backend());
        LoraModel lora;
        try {
            lora = checkpoint != null ? LoraModel.load(base, checkpoint, config.adapter().gateMode())
                    : LoraModel.create(base, config.adapter(), config.seed());
        } catch (AdapterFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
        System.err.printf("train: %s, %,d adapter parameters (float32), base frozen%s%n",
                config.adapter().pac() ? "PAC-LoRA (" + config.adapter().gateMode().wireName() + " gates)" : "LoRA",
                lora.parameterCount(), checkpoint != null ? "; resuming from " + checkpoint : "");
        Trainer trainer = new Trainer(lora, examples, config, output, model.toString(), System.err);
        List<StepMetrics> steps;
        try {
            steps = trainer.run(checkpoint, m -> true);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (!steps.isEmpty()) {
            System.err.printf("train: %d steps, loss %.4f -> %.4f; adapter in %s, metrics in %s%n", steps.size(),
                    steps.getFirst().loss(), steps.getLast().loss(), output, output.resolve(Trainer.METRICS_FILE));
        }
        return 0;
    }

    private TrainConfig config() {
        boolean pac = switch (adapterType) {
            case "pac" -> true;
            case "lora" -> false;
            default -> throw new UserError("--adapter-type: \"" + adapterType + "\" is not pac or lora");
        };
        try {
            LoraConfig adapter = new LoraConfig(rank, alpha, dropout, Arrays.stream(targets.split(",")).map(String::strip).toList(),
                    pac, GateMode.parse(gateMode));
            TrainConfig defaults = TrainConfig.defaults(adapter);
            return new TrainConfig(learningRate != null ? learningRate : defaults.learningRate(), weightDecay, warmupRatio,
                    maxGradNorm, gradAccum, epochs, maxLength, saveSteps, keepCheckpoints, seed, adapter);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static Path checkpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new UserError("--resume: " + dir + " is not a directory");
        if (TrainingCheckpoint.isCheckpoint(dir)) return dir;
        Path latest = TrainingCheckpoint.latest(dir);
        if (latest == null) throw new UserError("--resume: " + dir + " holds no checkpoint-<step> directory");
        return latest;
    }

    private static List<AlpacaRecord> readRecords(Path file) {
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        try {
            AlpacaRecord[] records = new ObjectMapper().readValue(file.toFile(), AlpacaRecord[].class);
            for (int i = 0; i < records.length; i++) {
                if (records[i] == null || records[i].instruction() == null || records[i].output() == null) {
                    throw new UserError(file + ": record " + i + " lacks instruction or output");
                }
            }
            return List.of(records);
        } catch (JacksonException e) {
            throw new UserError(file + ": not a JSON list of Alpaca records: " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "));
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }
}
