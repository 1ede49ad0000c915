package socialalign.pipeline.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.crawl.WeiboPost;
import socialalign.pipeline.crawl.WeiboUser;
import socialalign.pipeline.crawl.store.CrawlStore;
import socialalign.pipeline.crawl.store.CrawlStore.Source;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataset build from a crawl store (spec B6): two crawled topics, three users with twelve timeline posts each,
 * built with the reference's history rules (4+ character topics, at least 10 history posts) end to end.
 */
class CrawlDatasetBuildTest {
    private static final String STORM = "#城市暴雨预警#";
    private static final String CARS = "新能源汽车降价";
    private static final String UNKNOWN = "#没有新闻的话题#";
    /** u1's search result is also the first post of its timeline: the case must not see it in the history. */
    private static final String U1_TARGET = "5000000000000100";

    @TempDir
    Path dir;

    private static WeiboPost post(String id, String uid, String name, String text, String topics, LocalDateTime at) {
        return new WeiboPost(id, "b" + id, uid, name, text, "", "", "", topics, 0, 0, 0, at, "", List.of(), "", "", "", "");
    }

    private static WeiboUser user(String id, String name) {
        return new WeiboUser(id, name, "f", "", "", "", "", "", "", 12, 0, 0, "简介" + id, "", "", "", 0, 0, false, -1, "");
    }

    private static final String[] TOPICS = {"周末读书笔记", "城市通勤观察", "家常菜谱研究"};

    private void buildStore(Path file) throws Exception {
        LocalDateTime base = LocalDateTime.of(2024, 6, 1, 8, 0);
        try (CrawlStore store = CrawlStore.open(file)) {
            String[] names = {"路人甲一号", "路人乙二号", "路人丙三号"};
            for (int u = 1; u <= 3; u++) {
                String uid = "100" + u;
                store.commitUser(user(uid, names[u - 1]));
                List<WeiboPost> timeline = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String topic = TOPICS[i % 3];
                    String text = "#" + topic + "# 第" + i + "次记录：今天下雨，地铁很挤，回家做了饭。";
                    String topics = topic;
                    if (u == 3 && i == 5) {
                        text = "#雨天# 下雨了";  // B4 e: a topic under 4 characters drops the post
                        topics = "雨天";
                    }
                    String id = u == 1 && i == 0 ? U1_TARGET : "5000000000000" + u + String.format("%02d", i);
                    timeline.add(post(id, uid, names[u - 1], text, topics, base.minusDays(i)));
                }
                store.commitTimelinePage(uid, 1, timeline, List.of(), "done");
            }
            LocalDateTime at = base.plusDays(1);
            store.commitQueryPage(Source.SEARCH, STORM, STORM, 1, List.of(
                    post(U1_TARGET, "1001", names[0], "#城市暴雨预警# 周末读书笔记也写不下去了，雨太大\n某某的微博视频", "城市暴雨预警", at),
                    post("5900000000000201", "1002", names[1], "#城市暴雨预警# 今天地铁停运，走路回家", "城市暴雨预警", at),
                    post("5900000000000202", "1003", names[2], "#城市暴雨预警#", "城市暴雨预警", at)), "done");
            store.commitQueryPage(Source.AI_SEARCH, CARS, CARS, 1, List.of(
                    post("5900000000000301", "1003", names[2], "车价降了，通勤换车正是时候", "", at),
                    post("5900000000000302", "1002", names[1], "降价太快，前几天刚买的车亏了", "", at)), "done");
            store.commitQueryPage(Source.SEARCH, UNKNOWN, UNKNOWN, 1, List.of(
                    post("5900000000000401", "1001", names[0], "这条没有新闻", "", at)), "done");
        }
    }

    @Test
    void theCrawlStoreBuildsCasesWithoutTheTargetAndAlpacaRecordsWithMarkers() throws Exception {
        Path storeFile = dir.resolve("crawl.db");
        buildStore(storeFile);
        Path news = dir.resolve("news");
        Files.createDirectories(news.resolve("城市暴雨预警"));
        Files.writeString(news.resolve("城市暴雨预警/news.txt"), "气象台发布暴雨红色预警，城市地铁部分停运。");
        Files.createDirectories(news.resolve(CARS));
        Files.writeString(news.resolve(CARS + "/news.txt"), "多家车企宣布新能源汽车降价，消费者通勤换车意愿上升。");
        Path out = dir.resolve("out");
        Path configFile = dir.resolve("config.json");
        Files.writeString(configFile, Json.MAPPER.writeValueAsString(Map.of(
                "output", out.toString(),
                "crawl", Map.of("store", storeFile.toString(), "news", news.toString()),
                // The reference keeps timeline posts written after the target (spec B6).
                "cases", Map.of("earlier_only", false),
                "alpaca", Map.of("test_fraction", 0.5, "seed", 1))));
        DatasetConfig config = DatasetConfig.read(configFile);

        StageRunner runner = new StageRunner(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (Stage stage : DatasetBuild.stages(config, "")) {
            assertTrue(runner.run(stage, false), stage.name());
        }

        List<DatasetCase> cases = RawDatasetStage.read(out);
        assertEquals(List.of(STORM + "/" + U1_TARGET, STORM + "/5900000000000201", CARS + "/5900000000000301", CARS + "/5900000000000302"),
                cases.stream().map(DatasetCase::caseId).toList());
        DatasetCase first = cases.getFirst();
        assertEquals("城市暴雨预警", first.topic());
        assertEquals("气象台发布暴雨红色预警，城市地铁部分停运。", first.news());
        assertEquals("路人甲一号", first.userName());
        assertEquals("#城市暴雨预警# 周末读书笔记也写不下去了，雨太大", first.weibo());  // B1: cleaned
        // The target is removed from u1's twelve posts; u3 lost its short-topic post to the B4 filter.
        assertEquals(List.of(11, 12, 11, 12), cases.stream().map(DatasetCase::historySize).toList());
        for (DatasetCase c : cases) {
            assertEquals(RawDatasetStage.TOP_K, c.history().size(), c.caseId());
            assertTrue(c.history().stream().noneMatch(p -> p.id().equals(c.targetId())), c.caseId());
            assertTrue(c.history().stream().noneMatch(p -> p.text().contains("雨天")), c.caseId());
        }
        JsonNode rawStats = Json.MAPPER.readTree(out.resolve(RawDatasetStage.STATS).toFile());
        assertEquals(1, rawStats.get("targets_dropped_by_reason").get("TARGET_ONLY_HASHTAGS").asInt());
        assertEquals(1, rawStats.get("targets_dropped_by_reason").get("NO_TOPIC_NEWS").asInt());
        assertEquals(UNKNOWN, rawStats.get("topics_without_news").get(0).asText());

        Path alpaca = out.resolve(AlpacaStage.FOLDER);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(alpaca)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(AlpacaStage.STATISTICS)).toList();
        }
        int records = 0;
        for (Path p : files) {
            for (JsonNode record : Json.MAPPER.readTree(p.toFile())) {
                String instruction = record.get("instruction").asText();
                assertTrue(instruction.contains(InstructionTemplate.NEWS_MARKER), p.toString());
                assertTrue(instruction.contains(InstructionTemplate.INSTRUCTION_MARKER), p.toString());
                assertTrue(InstructionTemplate.markersIntact(instruction), p.toString());
                assertEquals("", record.get("input").asText());
                assertFalse(record.get("output").asText().isEmpty());
                records++;
            }
        }
        assertEquals(cases.size() * 3, records);  // every case under each of the three templates
    }

    @Test
    void newsMayBeAJsonMapKeyedByTheQueryOrItsTopic() throws Exception {
        Path file = dir.resolve("news.json");
        Files.writeString(file, "{\"城市暴雨预警\": \"暴雨\", \"" + CARS + "\": \"降价\"}");
        Map<String, String> news = new CrawlSource(dir.resolve("crawl.db"), file).readNews();
        assertEquals("暴雨", CrawlSource.newsOf(STORM, news).orElseThrow());
        assertEquals("降价", CrawlSource.newsOf(CARS, news).orElseThrow());
        assertTrue(CrawlSource.newsOf(UNKNOWN, news).isEmpty());
    }
}
