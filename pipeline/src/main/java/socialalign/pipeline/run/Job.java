package socialalign.pipeline.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import socialalign.lora.GateMode;
import socialalign.lora.LoraConfig;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.engine.Backend;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.dataset.AlpacaStage;
import socialalign.pipeline.dataset.DatasetBuild;
import socialalign.pipeline.dataset.DatasetConfig;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.dataset.Stage;
import socialalign.pipeline.dataset.StageRunner;
import socialalign.pipeline.dataset.alpaca.AlpacaRecord;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.EvaluationTables;
import socialalign.pipeline.evaluate.Evaluator;
import socialalign.pipeline.predict.PredictJob;
import socialalign.pipeline.report.Reports;
import socialalign.pipeline.sentiment.Judge;
import socialalign.pipeline.sentiment.Polarity;
import socialalign.pipeline.train.SftEncoder;
import socialalign.pipeline.train.SftExample;
import socialalign.pipeline.train.TrainConfig;
import socialalign.pipeline.train.Trainer;
import socialalign.pipeline.train.TrainingCheckpoint;
import socialalign.models.io.AtomicFile;

/**
 * The whole job of {@code socialalign run}: dataset -> train -> predict -> evaluate -> report. Every stage is cached
 * ({@link StageRunner}: skipped while its inputs and settings are unchanged and its outputs exist) and resumable
 * (training from its latest checkpoint, prediction from the cases already written), so a rerun after a crash or an
 * edit redoes only what changed.
 */
public final class Job {
    public static final String REPORT = "report.html", EVALUATION = "evaluation.json";

    private final JobConfig config;
    private final String note;
    private final PrintStream log;
    private final Backend backend;

    /**
     * @param note    a sentence for the top of the report, or null
     * @param backend where training and prediction run
     */
    public Job(JobConfig config, String note, PrintStream log, Backend backend) {
        this.config = config;
        this.note = note;
        this.log = log;
        this.backend = backend;
    }

    /** Runs every stage that is not up to date; returns the evaluation. */
    public Evaluation run() throws IOException {
        DatasetConfig datasetConfig = DatasetConfig.read(Path.of(config.dataset()));
        Path datasetFolder = Path.of(datasetConfig.output());
        Path out = Path.of(config.output());
        Path model = Path.of(config.model());
        Path tokenizer = Path.of(config.tokenizer() != null ? config.tokenizer() : config.model());
        Judge.Labelling labelling = (config.judge() == null ? Judge.CLASSIFIER : config.judge())
                .open(out.resolve("judge-cache"), Polarity.NEUTRAL);
        Object judgeSettings = config.judge() == null ? Judge.CLASSIFIER : config.judge();
        checkTemplates(datasetConfig);

        List<Stage> dataset = DatasetBuild.stages(datasetConfig, System.getenv("OPENAI_API_KEY"));
        List<Stage> steps = new ArrayList<>();
        List<Evaluator.Named> predictions = new ArrayList<>();
        Path statistics = datasetFolder.resolve(AlpacaStage.FOLDER).resolve(AlpacaStage.STATISTICS);
        for (JobConfig.SystemConfig s : config.systems()) {
            InstructionTemplate template = InstructionTemplate.byId(s.template() == null ? "full" : s.template());
            Path adapter = s.adapter() == null ? null : Path.of(s.adapter());
            if (s.train() != null) {
                adapter = out.resolve("adapters").resolve(s.name());
                steps.add(trainStep(s, template, datasetFolder, model, tokenizer, adapter));
            }
            Path file = out.resolve("predictions").resolve(s.name() + ".jsonl");
            PredictJob job = new PredictJob(s.name(), datasetFolder, template, model, tokenizer, adapter,
                    s.gateMode() == null ? null : GateMode.parse(s.gateMode()), PredictJob.referenceSampling(config.maxNewTokens(), config.seed()), config.limit(), file, backend);
            List<Path> inputs = new ArrayList<>(List.of(statistics, model.resolve("config.json")));
            if (adapter != null) inputs.add(adapter.resolve("adapter_config.json"));
            steps.add(new Step("predict-" + s.name(), inputs, List.of(s, config.seed(), config.maxNewTokens(), config.limit(), judgeSettings),
                    List.of(file), l -> job.run(labelling.labeller(), l)));
            predictions.add(new Evaluator.Named(s.name(), file));
        }
        Path evaluationJson = out.resolve(EVALUATION);
        steps.add(new Step("evaluate", predictions.stream().map(Evaluator.Named::predictions).toList(),
                List.of(predictions.stream().map(Evaluator.Named::name).toList(), config.resamples(), config.seed(), datasetConfig.source(),
                        judgeSettings),
                List.of(evaluationJson), l -> {
                    Evaluation e = Evaluator.evaluate(predictions, WeiboResponsesDataset.in(Path.of(datasetConfig.source())),
                            labelling.labeller(), labelling.provenance(), config.resamples(), config.seed(), l);
                    e.write(evaluationJson);
                    AtomicFile.writeString(out.resolve("evaluation.md"), EvaluationTables.markdown(e));
                }));
        steps.add(new Step("report", List.of(evaluationJson), note == null ? "" : note, List.of(out.resolve(REPORT)),
                l -> Reports.write(evaluationJson, null, note, 3, out.resolve(REPORT))));

        int total = dataset.size() + steps.size(), k = 0;
        StageRunner datasetRunner = new StageRunner(datasetFolder, log);
        for (Stage stage : dataset) {
            log.printf("run: [%d/%d] dataset %s%n", ++k, total, stage.name());
            datasetRunner.run(stage, false);
        }
        StageRunner runner = new StageRunner(out, log);
        for (Stage stage : steps) {
            log.printf("run: [%d/%d] %s%n", ++k, total, stage.name());
            runner.run(stage, false);
        }
        return Evaluation.read(evaluationJson);
    }

    /** Every system's template, ablations included, must be one the dataset builds: said before any work starts. */
    private void checkTemplates(DatasetConfig datasetConfig) {
        List<String> built = datasetConfig.alpaca().templates();
        for (JobConfig.SystemConfig s : config.systems()) {
            String template = InstructionTemplate.byId(s.template() == null ? "full" : s.template()).id();
            if (!built.contains(template)) {
                throw new IllegalArgumentException("system \"" + s.name() + "\": template " + template + " is not among the templates "
                        + built + " that " + config.dataset() + " builds (alpaca.templates)");
            }
        }
    }

    /** Trains a system's adapter on its template's train file, resuming from the latest checkpoint. */
    private Step trainStep(JobConfig.SystemConfig s, InstructionTemplate template, Path datasetFolder, Path model,
                                  Path tokenizer, Path adapter) {
        Path trainFile = datasetFolder.resolve(AlpacaStage.FOLDER).resolve(template.id()).resolve("train.json");
        JobConfig.TrainSettings t = s.train();
        return new Step("train-" + s.name(), List.of(trainFile, model.resolve("config.json")), List.of(template.id(), t),
                List.of(adapter.resolve("adapter_config.json")), log -> {
            boolean pac = !"lora".equals(t.adapterType());
            LoraConfig base = pac ? LoraConfig.pacDefaults() : LoraConfig.loraDefaults();
            LoraConfig adapterConfig = new LoraConfig(base.r(), base.alpha(), base.dropout(), base.targetModules(), pac,
                    t.gateMode() == null ? GateMode.TOKEN : GateMode.parse(t.gateMode()));
            TrainConfig d = TrainConfig.defaults(adapterConfig);
            TrainConfig config = new TrainConfig(t.learningRate() != null ? t.learningRate() : d.learningRate(), d.weightDecay(),
                    d.warmupRatio(), d.maxGradNorm(), t.gradAccum() != null ? t.gradAccum() : d.gradientAccumulation(),
                    t.epochs() != null ? t.epochs() : d.epochs(), t.maxLength() != null ? t.maxLength() : d.maxLength(),
                    d.saveSteps(), d.keepCheckpoints(), d.seed(), adapterConfig);
            SftEncoder encoder = new SftEncoder(Tokenizer.load(tokenizer), config.maxLength(), pac);
            List<SftExample> examples = new ArrayList<>();
            for (AlpacaRecord r : Arrays.asList(Json.MAPPER.readValue(trainFile.toFile(), AlpacaRecord[].class))) {
                SftEncoder.Encoded e = encoder.encode(r);
                if (e.example() != null) examples.add(e.example());
            }
            Path checkpoint = Files.isDirectory(adapter) ? TrainingCheckpoint.latest(adapter) : null;
            Qwen2ForCausalLM frozen = Qwen2ForCausalLM.loadFrozen(model, backend);
            LoraModel lora = checkpoint != null ? LoraModel.load(frozen, checkpoint, adapterConfig.gateMode())
                    : LoraModel.create(frozen, adapterConfig, config.seed());
            log.printf("train %s: %d examples, %,d adapter parameters%s%n", s.name(), examples.size(), lora.parameterCount(),
                    checkpoint != null ? ", resuming from " + checkpoint : "");
            new Trainer(lora, examples, config, adapter, model.toString(), log).run(checkpoint, m -> true);
        });
    }
}
