package socialalign.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Init;
import socialalign.engine.cpu.CpuBackend;
import socialalign.lora.GateMode;
import socialalign.lora.LoraConfig;
import socialalign.lora.LoraModel;
import socialalign.lora.PromptSpans;
import socialalign.models.qwen2.Qwen2Config;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.pipeline.data.SharedData;
import socialalign.pipeline.dataset.alpaca.AlpacaRecord;

/**
 * The SFT path on real SocialWeibo records (built by the dataset stage from ../shared/data/weibo-responses, eight
 * kept in {@code records.json}) with the real Qwen tokenizer: label masking by positions, history-only truncation,
 * a run whose loss falls, and a killed run that, resumed, repeats the uninterrupted run step for step.
 */
class TrainerTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static Tokenizer tokenizer;
    private static List<AlpacaRecord> records;

    @BeforeAll
    static void load() throws IOException {
        Path qwen = SharedData.weiboResponses().getParent().getParent().resolve("tokenizers").resolve("qwen");
        assumeTrue(Files.isRegularFile(qwen.resolve("tokenizer.json")), "../shared/tokenizers/qwen is absent: skipped");
        tokenizer = Tokenizer.load(qwen);
        try (InputStream in = TrainerTest.class.getResourceAsStream("records.json")) {
            records = List.of(new ObjectMapper().readValue(in, AlpacaRecord[].class));
        }
    }

    @Test
    void labelsAreTheResponseAndClosingTokenAndOnlyHistoryIsShortened() {
        SftEncoder encoder = new SftEncoder(tokenizer, 512, true);
        int shortened = 0;
        for (AlpacaRecord r : records) {
            SftEncoder.Encoded e = encoder.encode(r);
            SftExample x = e.example();
            assertTrue(x.ids().length <= 512);
            int first = x.ids().length - x.labels();
            int[] labelled = Arrays.stream(x.targets()).filter(t -> t != F.IGNORE_INDEX).toArray();
            assertEquals(x.labels(), labelled.length);
            assertEquals(r.output() + "<|im_end|>", tokenizer.decode(labelled));
            assertEquals(tokenizer.decode(Arrays.copyOfRange(x.ids(), first, x.ids().length)), tokenizer.decode(labelled));
            String prompt = tokenizer.decode(Arrays.copyOf(x.ids(), first));
            assertTrue(prompt.startsWith("<|im_start|>system\n你是一个微博用户。<|im_end|>\n<|im_start|>user\n"));
            assertTrue(prompt.endsWith("<|im_start|>assistant\n"));
            assertTrue(tokenizer.decode(Arrays.copyOfRange(x.ids(), x.spans().userEnd(), x.ids().length)).startsWith(PromptSpans.NEWS_MARKER));
            assertTrue(tokenizer.decode(Arrays.copyOfRange(x.ids(), x.spans().newsEnd(), x.ids().length)).startsWith(PromptSpans.TAIL_MARKER));
            if (x.shortened()) {
                shortened++;
                String news = r.instruction().substring(r.instruction().indexOf(PromptSpans.NEWS_MARKER));
                assertTrue(prompt.contains(news), "the news and the rest of the instruction are kept whole");
            } else {
                assertEquals(SftEncoder.prompt(r.instruction()), prompt);
            }
        }
        assertEquals(1, shortened, "the longest record's history is cut to fit 512 tokens");
    }

    @Test
    void anOutputThatAlsoAppearsInThePromptIsMaskedByPosition() {
        AlpacaRecord r = records.getFirst();
        // The reference's prompt.find(output) would start the labels at the first, earlier occurrence (spec C10).
        AlpacaRecord echoed = new AlpacaRecord(r.instruction().replace(PromptSpans.NEWS_MARKER, r.output() + "\n" + PromptSpans.NEWS_MARKER), "", r.output());
        SftExample x = new SftEncoder(tokenizer, 1024, true).encode(echoed).example();
        int[] labelled = Arrays.stream(x.targets()).filter(t -> t != F.IGNORE_INDEX).toArray();
        assertEquals(r.output() + "<|im_end|>", tokenizer.decode(labelled));
        assertEquals(SftEncoder.Skip.EMPTY_OUTPUT, new SftEncoder(tokenizer, 1024, true).encode(new AlpacaRecord(r.instruction(), "", "")).skip());
        assertEquals(SftEncoder.Skip.TOO_LONG, new SftEncoder(tokenizer, 100, true).encode(r).skip());
    }

    @Test
    void lossFallsAndAResumedRunRepeatsTheUninterruptedOneStepForStep(@TempDir Path dir) throws IOException {
        SftEncoder encoder = new SftEncoder(tokenizer, 400, true);
        List<SftExample> examples = new ArrayList<>();
        for (AlpacaRecord r : records.subList(0, 6)) examples.add(encoder.encode(r).example());
        LoraConfig adapter = new LoraConfig(4, 8, 0.1, LoraConfig.ALL_TARGETS, true, GateMode.TOKEN);
        TrainConfig config = new TrainConfig(5e-2, 0.01, 0.1, 1.0, 2, 2, 400, 5, 3, 7, adapter);

        Path whole = dir.resolve("whole");
        List<StepMetrics> uninterrupted = new Trainer(LoraModel.create(tinyBase(), adapter, config.seed()), examples, config,
                whole, "tiny", null).run(null, m -> true);
        assertEquals(6, uninterrupted.size());
        double firstEpoch = uninterrupted.subList(0, 3).stream().mapToDouble(StepMetrics::loss).average().orElseThrow();
        double secondEpoch = uninterrupted.subList(3, 6).stream().mapToDouble(StepMetrics::loss).average().orElseThrow();
        assertTrue(secondEpoch < firstEpoch - 0.05, "loss falls: " + firstEpoch + " -> " + secondEpoch);
        assertEquals(0.0, uninterrupted.getFirst().learningRate(), "warmup starts at 0, as Hugging Face's LambdaLR");

        // Killed after step 4: the last checkpoint is the first epoch's end (step 3), so step 4 is redone.
        Path killed = dir.resolve("killed");
        new Trainer(LoraModel.create(tinyBase(), adapter, config.seed()), examples, config, killed, "tiny", null).run(null, m -> m.step() < 4);
        Path checkpoint = TrainingCheckpoint.latest(killed);
        assertEquals("checkpoint-3", checkpoint.getFileName().toString());
        List<StepMetrics> resumed = new Trainer(LoraModel.load(tinyBase(), checkpoint), examples, config, killed, "tiny", null)
                .run(checkpoint, m -> true);
        assertEquals(List.of(4, 5, 6), resumed.stream().map(StepMetrics::step).toList());
        // Same data order, schedule, dropout streams, weights and AdamW state, and kernels that give the same bits
        // however the JIT has compiled them: the resumed steps repeat the uninterrupted ones exactly.
        for (StepMetrics m : resumed) {
            StepMetrics expected = uninterrupted.get(m.step() - 1);
            assertEquals(expected.loss(), m.loss(), "loss of step " + m.step());
            assertEquals(expected.learningRate(), m.learningRate(), "lr of step " + m.step());
            assertEquals(expected.gradNorm(), m.gradNorm(), "grad norm of step " + m.step());
        }
        Map<String, Variable> a = LoraModel.load(tinyBase(), whole).adapterParameters();
        Map<String, Variable> b = LoraModel.load(tinyBase(), killed).adapterParameters();
        a.forEach((key, v) -> assertArrayEquals(v.value().toFloats(), b.get(key).value().toFloats(), key));

        List<String> log = Files.readAllLines(killed.resolve(Trainer.METRICS_FILE));
        assertEquals(6, log.size(), "the redone step is logged once");
        assertTrue(Files.readString(killed.resolve(Trainer.LOSS_CURVE_FILE)).contains("<polyline"));
        try (var entries = Files.list(killed)) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary files left");
        }
    }

    /** A random one-layer Qwen2 over the real Qwen vocabulary, frozen. */
    private static Qwen2ForCausalLM tinyBase() {
        Qwen2Config c = new Qwen2Config(tokenizer.size(), 16, 32, 1, 4, 2, 1e-6, 10000, true, 4096);
        SplittableRandom random = new SplittableRandom(5);
        return Qwen2ForCausalLM.build(c, (name, shape) -> name.endsWith("norm.weight") ? Init.ones(CPU, shape)
                : Init.normal(CPU, random, name.contains("embed") ? 0.3 : 0.25, shape), false);
    }
}
