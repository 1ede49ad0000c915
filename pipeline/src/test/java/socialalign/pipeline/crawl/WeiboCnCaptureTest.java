package socialalign.pipeline.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The real weibo.cn capture in ../shared/fixtures/weibo (no licence, so it is read in place, not copied):
 * its time stamps, counts and bids go through the same normalisers the crawlers use.
 */
class WeiboCnCaptureTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2025, 3, 1, 12, 0);

    static Path shared() {
        // The repository root is the parent of the module directory Maven runs tests in.
        Path root = Path.of("").toAbsolutePath();
        if (root.getFileName().toString().equals("pipeline")) {
            root = root.getParent();
        }
        return root.resolveSibling("shared");
    }

    private static Document capture() throws IOException {
        Path file = shared().resolve("fixtures/weibo/weibo-cn-comment-page.html");
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is absent (the real Weibo capture lives in ../shared, beside the repository)");
        return Jsoup.parse(Files.readString(file), "https://weibo.cn/");
    }

    @Test
    void everyTimeStampOfTheCaptureNormalises() throws IOException {
        List<String> shown = capture().select("span.ct").stream()
                .map(e -> e.text().split("\u00a0|来自|网页")[0].strip()).toList();
        assertEquals(13, shown.size());
        List<LocalDateTime> times = shown.stream().map(s -> WeiboDates.parse(s, NOW)).toList();
        assertEquals(LocalDateTime.of(2020, 6, 5, 11, 11, 5), times.get(0));
        assertEquals(LocalDateTime.of(2025, 1, 10, 12, 43), times.get(4), "01月10日 12:43 is in the crawl year");
        assertEquals(LocalDateTime.of(2024, 10, 24, 20, 56, 29), times.get(5));
        assertEquals(LocalDateTime.of(2022, 4, 29, 7, 0, 58), times.get(12));
    }

    @Test
    void theCapturesCountsAndBidsConvert() throws IOException {
        Document doc = capture();
        Element like = doc.selectFirst("a[href^=/attitude/]");
        assertEquals(572_950, WeiboCounts.parse(like.text()));
        assertEquals(1_000_000, WeiboCounts.parse(doc.selectFirst("a[href^=/repost/]").text()));

        String bid = "J5cVGuUNq";
        String mid = Mid.toMid(bid);
        assertEquals(16, mid.length());
        // Posted 2020-06-05, like the video object 4512128925630475 it embeds: mids of that week start with 4512.
        assertTrue(mid.startsWith("4512"), mid);
        assertEquals(bid, Mid.toBid(mid));
        assertTrue(doc.select("a[href*=" + bid + "]").size() > 3);
    }
}
