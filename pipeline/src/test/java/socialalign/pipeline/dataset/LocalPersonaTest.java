package socialalign.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.generate.Generator;
import socialalign.models.generate.SamplingParams;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.ChatTemplate;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.pipeline.dataset.persona.ChatPersonaExtractor;
import socialalign.pipeline.dataset.persona.PersonaException;
import socialalign.pipeline.dataset.persona.PersonaExtractor;
import socialalign.pipeline.dataset.persona.PersonaInput;
import socialalign.pipeline.dataset.persona.PersonaPrompts;
import socialalign.pipeline.llm.LocalChat;
import socialalign.pipeline.llm.PromptCache;

/**
 * The local persona backend (issue 6, backend 2) on the tiny Qwen2 fixture of the models module. Its answers are
 * noise: these tests check the plumbing (the spec B7 prompts in ChatML, greedy and seeded decoding), the cache and
 * the per-case failures, not the personas.
 */
class LocalPersonaTest {
    static final Path MODEL = Path.of("../models/src/test/resources/qwen2/tied-gqa2-f32");
    static final PersonaInput INPUT = new PersonaInput("e/1", "小明", InstructionTemplateTest.CASE.history());

    @TempDir
    Path folder;

    private static int[] stops(Tokenizer tokenizer) {
        return Stream.of("<|im_end|>", "<|endoftext|>").mapToInt(t -> tokenizer.tokenId(t).orElseThrow()).toArray();
    }

    /** The answer decoded by hand from the ChatML prompt: what the backend must return. */
    private static String expected(SamplingParams sampling) {
        Tokenizer tokenizer = Tokenizer.load(MODEL);
        Qwen2ForCausalLM model = Qwen2ForCausalLM.load(MODEL, CpuBackend.shared(), false);
        String prompt = "<|im_start|>system\n" + PersonaPrompts.SYSTEM + "<|im_end|>\n<|im_start|>user\n"
                + PersonaPrompts.user(INPUT) + "<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(prompt, ChatTemplate.render(List.of(ChatTemplate.Message.system(PersonaPrompts.SYSTEM),
                ChatTemplate.Message.user(PersonaPrompts.user(INPUT))), true));
        Generator.Result result = new Generator(model, tokenizer.size(), stops(tokenizer))
                .generate(tokenizer.encode(prompt), sampling, id -> { });
        return tokenizer.decode(result.tokens(), true);
    }

    private static long cachedAnswers(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) return 0;
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Greedy with a repetition penalty: plain greedy decoding of the noise model repeats a blank token. */
    static final SamplingParams GREEDY = new SamplingParams(false, 1, 0, 1, 1.5, 12, 0);

    @Test
    void greedyPersonaIsTheModelsChatMlAnswerAndIsCached() throws Exception {
        SamplingParams greedy = GREEDY;
        Path cache = folder.resolve("cache");
        ChatPersonaExtractor extractor = new ChatPersonaExtractor(new LocalChat(MODEL, greedy), new PromptCache(cache));
        String persona = extractor.extract(INPUT);
        assertEquals(expected(greedy), persona);
        assertEquals("local:tied-gqa2-f32", extractor.source());
        assertEquals(1, cachedAnswers(cache));
        // The cache answers a rerun: an edited cache file is what a new extractor returns.
        Path file;
        try (Stream<Path> files = Files.walk(cache)) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.writeString(file, "1. 兴趣话题：缓存");
        assertEquals("1. 兴趣话题：缓存", new ChatPersonaExtractor(new LocalChat(MODEL, greedy), new PromptCache(cache)).extract(INPUT));
        // Other decoding settings are another cache entry.
        new ChatPersonaExtractor(new LocalChat(MODEL, new SamplingParams(false, 1, 0, 1, 1.5, 13, 0)), new PromptCache(cache)).extract(INPUT);
        assertEquals(2, cachedAnswers(cache));
    }

    @Test
    void seededSamplingRepeatsItself() throws Exception {
        SamplingParams sampled = new SamplingParams(true, 1.0, 0, 1, 1, 12, 3);
        String a = new ChatPersonaExtractor(new LocalChat(MODEL, sampled), new PromptCache(folder.resolve("a"))).extract(INPUT);
        String b = new ChatPersonaExtractor(new LocalChat(MODEL, sampled), new PromptCache(folder.resolve("b"))).extract(INPUT);
        assertEquals(expected(sampled), a);
        assertEquals(a, b);
    }

    @Test
    void aBlankAnswerFailsTheCaseAndIsNotCached() throws Exception {
        Path cache = folder.resolve("cache");
        // Plain greedy decoding of the noise model repeats a blank token; no token at all is blank too.
        for (SamplingParams blank : List.of(SamplingParams.greedy(12), SamplingParams.greedy(0))) {
            ChatPersonaExtractor extractor = new ChatPersonaExtractor(new LocalChat(MODEL, blank), new PromptCache(cache));
            PersonaException e = assertThrows(PersonaException.class, () -> extractor.extract(INPUT));
            assertEquals("case e/1: blank answer", e.getMessage());
        }
        assertEquals(0, cachedAnswers(cache));
    }

    @Test
    void theConfigSelectsTheLocalBackend() throws Exception {
        DatasetConfig.Persona local = DatasetConfig.defaults().persona().withBackend("local", MODEL.toString());
        PersonaExtractor extractor = DatasetBuild.personaExtractor(local, folder, "");
        assertEquals("local:tied-gqa2-f32", extractor.source());
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> DatasetBuild.personaExtractor(DatasetConfig.defaults().persona().withBackend("local", null), folder, ""));
        assertTrue(noModel.getMessage().startsWith("persona.model_dir:"), noModel.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DatasetBuild.personaExtractor(DatasetConfig.defaults().persona().withBackend("local", "no/such/dir"), folder, ""));
    }

    /**
     * The persona stage with the local backend chosen in a config file, greedy: the noise model answers blank for both
     * cases, so each is named as failed, nothing is written or cached, and the stage stays incomplete for a rerun.
     */
    @Test
    void personaStageNamesEachFailedCase() throws Exception {
        Path out = folder.resolve("dataset");
        Files.createDirectories(out);
        DatasetCase first = InstructionTemplateTest.CASE;
        DatasetCase second = new DatasetCase("e/2", "e", "话题", "新闻", "train", "v", "小红", "", "f", "2", "目标二", 5,
                first.history().subList(1, 4));
        Files.writeString(out.resolve(RawDatasetStage.OUTPUT),
                Json.LINE.writeValueAsString(first) + "\n" + Json.LINE.writeValueAsString(second) + "\n");
        Path configFile = folder.resolve("config.json");
        Files.writeString(configFile, """
                // the local backend, greedy, short answers
                {"output": "%s", "persona": {"backend": "local", "model_dir": "%s", "max_new_tokens": 8, "concurrency": 2}}
                """.formatted(out, MODEL));
        DatasetConfig config = DatasetConfig.read(configFile);
        PersonaStage stage = new PersonaStage(DatasetBuild.personaExtractor(config.persona(), out, ""), config.persona().concurrency(), out);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertFalse(stage.run(new PrintStream(log, true, StandardCharsets.UTF_8)));
        String logText = log.toString(StandardCharsets.UTF_8);
        assertTrue(logText.contains("persona: failed: case e/1: blank answer"), logText);
        assertTrue(logText.contains("persona: failed: case e/2: blank answer"), logText);
        assertTrue(logText.contains("persona: 0 personas (local:tied-gqa2-f32), 2 failed"), logText);
        assertTrue(PersonaStage.read(out).isEmpty());
        assertEquals(0, cachedAnswers(out.resolve("persona-cache")));
    }
}
