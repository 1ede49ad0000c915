package socialalign.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.data.WeiboResponsesDataset;
import socialalign.pipeline.dataset.DatasetCase;
import socialalign.pipeline.dataset.HistoryPost;
import socialalign.pipeline.dataset.RawDatasetStage;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;
import socialalign.pipeline.evaluate.Evaluation;
import socialalign.pipeline.evaluate.SystemScores;
import socialalign.pipeline.predict.TestCase;
import socialalign.pipeline.predict.TestCases;

/**
 * The demo at a reduced size (6 test cases, 12 new tokens, no adapter training) on the bundled real subset: the
 * dataset has no leakage, the job's numbers are well-formed, a rerun is served from the cache, and the report is a
 * self-contained page whose charts a real browser draws.
 */
class DemoTest {
    @TempDir
    static Path folder;
    static Evaluation evaluation;
    static String log;

    @BeforeAll
    static void runDemo() throws IOException {
        evaluation = demo();
    }

    private static Evaluation demo() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Evaluation e = new Demo(folder, null, 0, 12, 6, 200).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        log = bytes.toString(StandardCharsets.UTF_8);
        return e;
    }

    @Test
    void testCasesSeeOnlyTrainPosts() throws IOException {
        WeiboResponsesDataset source = WeiboResponsesDataset.in(folder.resolve("data"));
        Set<String> trainMids = new HashSet<>(), testEvents = new HashSet<>();
        try (Stream<WeiboResponse> responses = source.streamResponses()) {
            responses.forEach(r -> {
                if (r.isTrain()) trainMids.add(r.mid());
                else testEvents.add(r.eventId());
            });
        }
        List<DatasetCase> cases = RawDatasetStage.read(folder.resolve("dataset"));
        int testCases = 0;
        for (DatasetCase c : cases) {
            if (!testEvents.contains(c.topicId())) continue;
            testCases++;
            assertFalse(c.history().isEmpty());
            for (HistoryPost h : c.history()) {
                // History, and the persona made from it (spec B7), come from train responses only.
                assertTrue(trainMids.contains(h.id()), c.caseId() + ": history post " + h.id() + " is not a train response");
            }
        }
        assertTrue(testCases > 0, "the demo subset has test cases");
        List<TestCase> test = TestCases.load(folder.resolve("dataset"), InstructionTemplate.FULL);
        assertEquals(testCases, test.size());
        var news = new java.util.HashMap<String, String>();
        cases.forEach(c -> news.put(c.caseId(), c.news()));
        for (TestCase t : test) {
            assertTrue(testEvents.contains(t.topicId()), t.caseId() + " is a test case of a train event");
            // A short post may quote the news ("山体滑坡"); otherwise the prompt never shows the post to predict.
            assertTrue(!t.instruction().contains(t.realPost()) || news.get(t.caseId()).contains(t.realPost()),
                    t.caseId() + ": the prompt shows the post to predict");
        }
    }

    @Test
    void evaluationIsWellFormed() {
        SystemScores base = evaluation.systems().getFirst();
        assertEquals("base zero-shot", base.name());
        assertEquals(6, base.micro().cases());
        base.macro().events().forEach(e -> {
            assertEquals(1.0, sum(e.predicted().polarityDistribution()), 1e-12);
            assertEquals(1.0, sum(e.real().emotionDistribution()), 1e-12);
            assertTrue(e.real().posts() > e.predicted().posts(), "the crowd holds every real response of the event");
        });
        var js = base.macro().means().get("polarity_js");
        assertTrue(js.lower() <= js.mean() && js.mean() <= js.upper() && js.upper() <= Math.log(2));
    }

    @Test
    void aRerunIsServedFromTheCache() throws IOException {
        Path predictions = folder.resolve("predictions").resolve("base zero-shot.jsonl");
        String before = Files.readString(predictions);
        Evaluation again = demo();
        assertEquals(before, Files.readString(predictions));
        assertTrue(log.contains("predict-base zero-shot: up to date, skipped"), log);
        assertEquals(evaluation.systems().getFirst().micro(), again.systems().getFirst().micro());
    }

    @Test
    void reportIsSelfContainedWithTwoChartsPerEvent() throws IOException {
        String html = Files.readString(folder.resolve(Job.REPORT));
        int events = evaluation.realPosts().events().size();
        assertEquals(2 * events, count(html, "<svg class=\"chart\""));
        assertEquals(2, count(html, "<table class=\"metrics\">"));
        assertTrue(html.contains("<table class=\"samples\">"));
        assertTrue(html.contains(Demo.TINY_MODEL_NOTE.substring(0, 40)));
        assertFalse(Pattern.compile("<script|<link|\\ssrc=|\\shref=|url\\(").matcher(html).find(), "no external resource");
    }

    /** Headless Chromium (Debian {@code chromium}) loads the report and its DOM has the charts and their bars. */
    @Test
    void chromiumRendersTheCharts() throws Exception {
        String chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install -y chromium): browser check skipped");
        Path profile = Files.createTempDirectory(folder, "chromium-profile");
        Path dom = folder.resolve("dom.html");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom",
                folder.resolve(Job.REPORT).toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue());
        String rendered = Files.readString(dom);
        int events = evaluation.realPosts().events().size();
        assertEquals(2 * events, count(rendered, "<svg class=\"chart\""));
        // Per event: 3 polarity and 6 emotion categories, one bar each for the crowd, the system and the real posts.
        assertEquals(events * (3 + 6) * 3, count(rendered, "<rect class=\"bar\""));
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static double sum(double[] p) {
        double s = 0;
        for (double v : p) s += v;
        return s;
    }
}
