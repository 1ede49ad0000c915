package socialalign.pipeline.dataset;

import socialalign.pipeline.data.JsonLines;
import socialalign.pipeline.dataset.persona.PersonaException;
import socialalign.pipeline.dataset.persona.PersonaExtractor;
import socialalign.pipeline.dataset.persona.PersonaInput;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import socialalign.models.io.AtomicFile;

/**
 * Stage 3, personas (spec B7): one persona per case from a {@link PersonaExtractor}, at most {@code concurrency}
 * at a time. A case whose persona fails is reported by name and left out; the others are written
 * ({@code personas.jsonl} in case order, {@code personas.stats.json}), and the stage stays incomplete so that the
 * next run retries only the failures (the LLM backend's cache answers the rest).
 */
public final class PersonaStage implements Stage {
    public static final String OUTPUT = "personas.jsonl";
    public static final String STATS = "personas.stats.json";

    private final PersonaExtractor extractor;
    private final int concurrency;
    private final Path folder;

    public PersonaStage(PersonaExtractor extractor, int concurrency, Path folder) {
        this.extractor = extractor;
        this.concurrency = Math.max(1, concurrency);
        this.folder = folder;
    }

    @Override
    public String name() {
        return "persona";
    }

    @Override
    public List<Path> inputs() {
        return List.of(folder.resolve(RawDatasetStage.OUTPUT));
    }

    @Override
    public Object settings() {
        return extractor.settings();
    }

    @Override
    public List<Path> outputs() {
        return List.of(folder.resolve(OUTPUT), folder.resolve(STATS));
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        List<DatasetCase> cases = RawDatasetStage.read(folder);
        List<Future<PersonaRecord>> results = new ArrayList<>(cases.size());
        List<String> failures = new ArrayList<>();
        List<PersonaRecord> personas = new ArrayList<>(cases.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency);
             Progress progress = new Progress(name(), cases.size(), log)) {
            for (DatasetCase c : cases) {
                results.add(pool.submit(() -> {
                    try {
                        return new PersonaRecord(c.caseId(), extractor.source(),
                                extractor.extract(new PersonaInput(c.caseId(), c.userName(), c.history())));
                    } finally {
                        progress.step();
                    }
                }));
            }
            for (Future<PersonaRecord> result : results) {
                try {
                    personas.add(result.get());
                } catch (ExecutionException e) {
                    String message = e.getCause() instanceof PersonaException p ? p.getMessage() : String.valueOf(e.getCause());
                    failures.add(message);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("persona stage interrupted", e);
                }
            }
        }
        AtomicFile.write(folder.resolve(OUTPUT), out -> {
            for (PersonaRecord p : personas) {
                out.write(Json.LINE.writeValueAsString(p));
                out.write('\n');
            }
        });
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("source", extractor.source());
        stats.put("personas", personas.size());
        stats.put("failed", failures.size());
        stats.put("failures", failures);
        AtomicFile.writeString(folder.resolve(STATS), Json.PRETTY.writeValueAsString(stats));
        failures.forEach(f -> log.println("persona: failed: " + f));
        log.printf("persona: %d personas (%s), %d failed%n", personas.size(), extractor.source(), failures.size());
        return failures.isEmpty();
    }

    /** Reads {@code personas.jsonl} back, keyed by case id. */
    public static Map<String, PersonaRecord> read(Path folder) throws IOException {
        Map<String, PersonaRecord> byCase = new LinkedHashMap<>();
        JsonLines.readAll(folder.resolve(OUTPUT), PersonaRecord.class).forEach(p -> byCase.put(p.caseId(), p));
        return byCase;
    }
}
