package socialalign.pipeline.predict;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import socialalign.pipeline.data.DataFileException;
import socialalign.pipeline.dataset.AlpacaStage;
import socialalign.pipeline.dataset.DatasetCase;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.dataset.PersonaRecord;
import socialalign.pipeline.dataset.PersonaStage;
import socialalign.pipeline.dataset.RawDatasetStage;
import socialalign.pipeline.dataset.alpaca.AlpacaRecord;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;

/**
 * The test cases of a built dataset: the Alpaca test records of one template ({@code alpaca/TEMPLATE/test/*.json},
 * one file per test event), each joined with its case in {@code raw.jsonl} for the ids the records do not carry
 * (case, user). The join renders the case's instruction again with the same template and persona and matches it
 * exactly, so a record is never attributed to the wrong user.
 */
public final class TestCases {
    private TestCases() {}

    /** The test cases of {@code template} in the dataset output folder {@code dataset}, by event file, then file order. */
    public static List<TestCase> load(Path dataset, InstructionTemplate template) throws IOException {
        Path testFolder = dataset.resolve(AlpacaStage.FOLDER).resolve(template.id()).resolve("test");
        if (!Files.isDirectory(testFolder)) {
            throw new DataFileException(testFolder, "no test folder: build the dataset with template " + template.id(), null);
        }
        Map<String, PersonaRecord> personas = PersonaStage.read(dataset);
        Map<String, Deque<DatasetCase>> byInstruction = new HashMap<>();
        for (DatasetCase c : RawDatasetStage.read(dataset)) {
            PersonaRecord p = personas.get(c.caseId());
            String instruction = template.instruction(c, p == null ? "" : p.persona());
            byInstruction.computeIfAbsent(c.topicId() + "\u0000" + instruction, k -> new ArrayDeque<>()).add(c);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(testFolder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<TestCase> cases = new ArrayList<>();
        for (Path file : files) {
            String topicId = file.getFileName().toString().replaceFirst("\\.json$", "");
            AlpacaRecord[] records;
            try {
                records = Json.MAPPER.readValue(file.toFile(), AlpacaRecord[].class);
            } catch (JacksonException e) {
                throw new DataFileException(file, "not a JSON list of Alpaca records: " + e.getOriginalMessage(), e);
            }
            for (int i = 0; i < records.length; i++) {
                Deque<DatasetCase> matches = byInstruction.get(topicId + "\u0000" + records[i].instruction());
                if (matches == null || matches.isEmpty()) {
                    throw new DataFileException(file, "record " + i + " matches no case of " + RawDatasetStage.OUTPUT
                            + " (dataset folder changed since the Alpaca stage?)", null);
                }
                DatasetCase c = matches.poll();
                cases.add(new TestCase(c.caseId(), c.topicId(), c.topic(), c.uid(), c.userName(), records[i].instruction(),
                        records[i].output()));
            }
        }
        return cases;
    }
}
