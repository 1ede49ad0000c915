package socialalign.pipeline.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: building from the test copy of {@code weibo-responses/sample} gives the committed golden output
 * ({@code src/test/resources/dataset-golden/}). Regenerate it after an intended change with
 * {@code -Dgolden.update=/abs/path/to/pipeline/src/test/resources/dataset-golden}.
 */
class DatasetBuildTest {
    @TempDir
    Path out;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(DatasetBuildTest.class.getResource(name)).toURI());
    }

    private List<Stage> stages() throws Exception {
        DatasetConfig read = DatasetConfig.read(resource("/dataset-golden/config.json"));
        DatasetConfig config = read.withFolders(resource("/weibo-responses-sample").toString(), out.toString());
        return DatasetBuild.stages(config, "");
    }

    @Test
    void theSampleBuildsToTheGoldenOutput() throws Exception {
        StageRunner runner = new StageRunner(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (Stage stage : stages()) {
            assertTrue(runner.run(stage, false), stage.name());
        }
        Path alpaca = out.resolve(AlpacaStage.FOLDER);
        List<Path> produced;
        try (Stream<Path> files = Files.walk(alpaca)) {
            produced = files.filter(Files::isRegularFile).map(alpaca::relativize).sorted().toList();
        }
        String update = System.getProperty("golden.update");
        if (update != null) {
            for (Path p : produced) {
                Files.createDirectories(Path.of(update).resolve(p).getParent());
                Files.copy(alpaca.resolve(p), Path.of(update).resolve(p), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path golden = resource("/dataset-golden");
        for (Path p : produced) {
            assertEquals(Files.readString(golden.resolve(p)), Files.readString(alpaca.resolve(p)), p.toString());
        }

        // Every record of every file carries the PAC-LoRA markers (spec C3), once each.
        for (Path p : produced) {
            if (p.getFileName().toString().equals(AlpacaStage.STATISTICS)) {
                continue;
            }
            for (JsonNode record : Json.MAPPER.readTree(alpaca.resolve(p).toFile())) {
                String instruction = record.get("instruction").asText();
                assertTrue(instruction.contains(InstructionTemplate.NEWS_MARKER), p.toString());
                assertTrue(instruction.contains(InstructionTemplate.INSTRUCTION_MARKER), p.toString());
                assertTrue(InstructionTemplate.markersIntact(instruction), p.toString());
                assertEquals("", record.get("input").asText());
                assertFalse(record.get("output").asText().isEmpty());
            }
        }
    }

    @Test
    void aSecondRunSkipsEveryStage() throws Exception {
        StageRunner runner = new StageRunner(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (Stage stage : stages()) {
            runner.run(stage, false);
        }
        for (Stage stage : stages()) {
            assertFalse(runner.run(stage, false), stage.name());
        }
    }

    @Test
    void configFieldsLeftOutKeepTheirDefaults() throws IOException, URISyntaxException {
        DatasetConfig config = DatasetConfig.read(resource("/dataset-golden/config.json"));
        assertEquals(1, config.cases().minHistory());
        assertEquals("lead", config.cases().missingTopic());
        assertEquals(List.of("full", "without_persona", "without_history"), config.alpaca().templates());
        assertEquals(1.5, config.retrieval().k1());
        assertEquals("reference", config.history().exclusions());
    }
}
