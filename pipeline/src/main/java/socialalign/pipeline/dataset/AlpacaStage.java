package socialalign.pipeline.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import socialalign.pipeline.dataset.alpaca.AlpacaRecord;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.dataset.alpaca.TopicSplit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import socialalign.models.io.AtomicFile;

/**
 * Stage 4, Alpaca output (spec B8): for each configured template, {@code alpaca/TEMPLATE/train.json} (a JSON list
 * of {@link AlpacaRecord}, the reference's layout) and one {@code alpaca/TEMPLATE/test/TOPIC_ID.json} per test
 * topic, split by topic; and {@code alpaca/statistics.json}: topics, cases, users, history lengths, persona
 * sources and dropped posts and cases by reason. The folder is built beside the old one and swapped in whole.
 */
public final class AlpacaStage implements Stage {
    public static final String FOLDER = "alpaca";
    public static final String STATISTICS = "statistics.json";

    private final DatasetConfig.Alpaca settings;
    private final Path folder;

    public AlpacaStage(DatasetConfig.Alpaca settings, Path folder) {
        this.settings = settings;
        this.folder = folder;
    }

    @Override
    public String name() {
        return "alpaca";
    }

    @Override
    public List<Path> inputs() {
        return List.of(folder.resolve(RawDatasetStage.OUTPUT), folder.resolve(PersonaStage.OUTPUT),
                folder.resolve(HistoryStage.STATS), folder.resolve(RawDatasetStage.STATS));
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public List<Path> outputs() {
        return List.of(folder.resolve(FOLDER).resolve(STATISTICS));
    }

    @Override
    public boolean run(PrintStream log) throws IOException {
        List<DatasetCase> cases = RawDatasetStage.read(folder);
        Map<String, PersonaRecord> personas = PersonaStage.read(folder);
        Map<String, String> splitByTopic = new LinkedHashMap<>();
        cases.forEach(c -> splitByTopic.putIfAbsent(c.topicId(), c.split()));
        TopicSplit split = switch (settings.split()) {
            case "random" -> TopicSplit.random(splitByTopic.keySet(), settings.testFraction(), settings.seed());
            case "source" -> TopicSplit.fromSource(splitByTopic);
            default -> throw new IllegalArgumentException("alpaca.split: expected \"random\" or \"source\", got \"" + settings.split() + "\"");
        };
        List<InstructionTemplate> templates = settings.templates().stream().map(InstructionTemplate::byId).toList();

        Path staging = folder.resolve("." + FOLDER + ".tmp");
        deleteTree(staging);
        Map<String, Object> perTemplate = new LinkedHashMap<>();
        for (InstructionTemplate template : templates) {
            perTemplate.put(template.id(), write(template, cases, personas, split, staging.resolve(template.id())));
        }
        AtomicFile.writeString(staging.resolve(STATISTICS), Json.PRETTY.writeValueAsString(statistics(cases, personas, split, perTemplate)));
        Path target = folder.resolve(FOLDER);
        deleteTree(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        log.printf("alpaca: %d cases, %d topics (%d test), templates %s -> %s%n",
                cases.size(), splitByTopic.size(), split.testTopics().size(), settings.templates(), target);
        return true;
    }

    /** Writes one template's files; returns its counts. */
    private static Map<String, Object> write(InstructionTemplate template, List<DatasetCase> cases, Map<String, PersonaRecord> personas,
                                             TopicSplit split, Path out) throws IOException {
        List<AlpacaRecord> train = new ArrayList<>();
        Map<String, List<AlpacaRecord>> test = new TreeMap<>();
        DropCounts dropped = new DropCounts();
        for (DatasetCase c : cases) {
            PersonaRecord persona = personas.get(c.caseId());
            if (template.usesPersona() && persona == null) {
                dropped.add(DropReason.PERSONA_FAILED);
                continue;
            }
            String instruction = template.instruction(c, persona == null ? "" : persona.persona());
            if (!InstructionTemplate.markersIntact(instruction)) {
                dropped.add(DropReason.MARKER_IN_CONTENT);
                continue;
            }
            AlpacaRecord record = new AlpacaRecord(instruction, "", c.weibo());
            if (split.isTest(c.topicId())) {
                test.computeIfAbsent(c.topicId(), id -> new ArrayList<>()).add(record);
            } else {
                train.add(record);
            }
        }
        AtomicFile.writeString(out.resolve("train.json"), Json.PRETTY.writeValueAsString(train));
        for (Map.Entry<String, List<AlpacaRecord>> topic : test.entrySet()) {
            AtomicFile.writeString(out.resolve("test").resolve(topic.getKey() + ".json"), Json.PRETTY.writeValueAsString(topic.getValue()));
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("train_records", train.size());
        counts.put("test_records", test.values().stream().mapToInt(List::size).sum());
        counts.put("test_files", test.size());
        counts.put("dropped_by_reason", dropped.asMap());
        return counts;
    }

    private Map<String, Object> statistics(List<DatasetCase> cases, Map<String, PersonaRecord> personas, TopicSplit split,
                                           Map<String, Object> perTemplate) throws IOException {
        Map<String, String> topicNames = new TreeMap<>();
        Set<String> users = new HashSet<>();
        Map<String, Integer> casesBySide = sides();
        Map<String, Integer> topicsBySide = sides();
        List<Integer> eligible = new ArrayList<>();
        List<Integer> shown = new ArrayList<>();
        Map<String, Integer> personaSources = new TreeMap<>();
        for (DatasetCase c : cases) {
            String side = split.isTest(c.topicId()) ? "test" : "train";
            if (topicNames.put(c.topicId(), c.topic()) == null) {
                topicsBySide.merge(side, 1, Integer::sum);
            }
            casesBySide.merge(side, 1, Integer::sum);
            users.add(c.uid());
            eligible.add(c.historySize());
            shown.add(c.history().size());
            PersonaRecord p = personas.get(c.caseId());
            personaSources.merge(p == null ? "none" : p.source(), 1, Integer::sum);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("split", settings.split().equals("random")
                ? "random by topic, seed " + settings.seed() + ", test fraction " + settings.testFraction() : "the source's split field");
        stats.put("topics", topicsBySide);
        stats.put("cases", casesBySide);
        stats.put("users", users.size());
        stats.put("history_eligible", Summary.of(eligible));
        stats.put("history_shown", Summary.of(shown));
        stats.put("persona_source", personaSources);
        stats.put("history_posts", readJson(HistoryStage.STATS));
        stats.put("targets", readJson(RawDatasetStage.STATS));
        stats.put("templates", perTemplate);
        stats.put("test_topics", test(topicNames, split));
        return stats;
    }

    /** Zero counts for train and test, in that order (Map.of would iterate in a random order). */
    private static Map<String, Integer> sides() {
        Map<String, Integer> sides = new LinkedHashMap<>();
        sides.put("train", 0);
        sides.put("test", 0);
        return sides;
    }

    private static Map<String, String> test(Map<String, String> topicNames, TopicSplit split) {
        Map<String, String> files = new LinkedHashMap<>();
        topicNames.forEach((id, name) -> {
            if (split.isTest(id)) {
                files.put("test/" + id + ".json", name);
            }
        });
        return files;
    }

    private JsonNode readJson(String name) throws IOException {
        return Json.MAPPER.readTree(folder.resolve(name).toFile());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
