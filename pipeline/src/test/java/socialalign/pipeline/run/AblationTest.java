package socialalign.pipeline.run;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.engine.cpu.CpuBackend;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.EvaluationTables;
import socialalign.pipeline.evaluate.SystemScores;
import socialalign.pipeline.predict.TestCase;
import socialalign.pipeline.predict.TestCases;

/**
 * The ablations of issue 7 (without persona, without history) in the whole job, at a reduced size like
 * {@link DemoTest}: a run whose systems use the ablated templates predicts from those prompts and gets its rows in
 * both evaluation tables; a system whose template the dataset does not build is refused before any work.
 */
class AblationTest {
    @TempDir
    static Path folder;
    static Evaluation evaluation;

    static final List<String> SYSTEMS = List.of("base zero-shot", "base zero-shot without persona", "base zero-shot without history");

    @BeforeAll
    static void run() throws IOException {
        evaluation = new Demo(folder, null, 0, 8, 4, 100, true).run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void everySystemHasItsRowInBothTables() throws IOException {
        assertEquals(SYSTEMS, evaluation.systems().stream().map(SystemScores::name).toList());
        for (SystemScores s : evaluation.systems()) assertEquals(4, s.micro().cases(), s.name());
        EvaluationTables.Table micro = EvaluationTables.micro(evaluation), macro = EvaluationTables.macro(evaluation);
        assertEquals(SYSTEMS, micro.rows().stream().map(r -> r.getFirst()).toList());
        assertEquals(SYSTEMS, macro.rows().subList(0, 3).stream().map(r -> r.getFirst()).toList());
        String markdown = Files.readString(folder.resolve("evaluation.md"));
        for (String name : SYSTEMS) assertTrue(markdown.contains("| " + name + " |"), markdown);
    }

    @Test
    void ablatedSystemsPredictFromAblatedPrompts() throws IOException {
        Path dataset = folder.resolve("dataset");
        List<TestCase> full = TestCases.load(dataset, InstructionTemplate.FULL);
        List<TestCase> noPersona = TestCases.load(dataset, InstructionTemplate.WITHOUT_PERSONA);
        List<TestCase> noHistory = TestCases.load(dataset, InstructionTemplate.WITHOUT_HISTORY);
        assertEquals(full.size(), noPersona.size());
        assertEquals(full.size(), noHistory.size());
        for (int i = 0; i < full.size(); i++) {
            assertTrue(full.get(i).instruction().contains("以下是你的用户画像") && full.get(i).instruction().contains("历史博文"));
            assertFalse(noPersona.get(i).instruction().contains("用户画像："), noPersona.get(i).instruction());
            assertFalse(noHistory.get(i).instruction().contains("以下是你的五条历史博文"), noHistory.get(i).instruction());
            assertEquals(full.get(i).caseId(), noPersona.get(i).caseId());
            assertEquals(full.get(i).caseId(), noHistory.get(i).caseId());
        }
        for (String name : SYSTEMS) assertTrue(Files.isRegularFile(folder.resolve("predictions").resolve(name + ".jsonl")), name);
    }

    @Test
    void aTemplateTheDatasetDoesNotBuildIsRefusedUpFront() throws IOException {
        Path other = folder.resolve("refused");
        Files.createDirectories(other);
        Path datasetConfig = other.resolve("dataset.json");
        Files.writeString(datasetConfig, "{\"source\": \"" + folder.resolve("data") + "\", \"output\": \"" + other.resolve("dataset")
                + "\", \"alpaca\": {\"templates\": [\"full\"]}}");
        JobConfig config = new JobConfig(datasetConfig.toString(), folder.resolve("tiny-qwen2").toString(), null, other.toString(), 42, 8, 4, 100,
                List.of(new JobConfig.SystemConfig("no history", "without_history", null, null, null)), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Job(config, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), CpuBackend.shared()).run());
        assertTrue(e.getMessage().startsWith("system \"no history\": template without_history is not among the templates [full]"), e.getMessage());
        assertFalse(Files.exists(other.resolve("dataset")), "nothing was built");
    }

    @Test
    void theExampleRunConfigHasTheAblationsAndTheJudge() throws IOException {
        JobConfig example = JobConfig.read(Path.of("configs/run-example.json"));
        assertEquals(List.of("full", "full", "full", "full", "without_persona", "without_history"),
                example.systems().stream().map(JobConfig.SystemConfig::template).toList());
        assertEquals("classifier", example.judge().kind());
    }
}
