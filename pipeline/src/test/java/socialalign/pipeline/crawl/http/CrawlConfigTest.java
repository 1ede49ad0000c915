package socialalign.pipeline.crawl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlConfigTest {

    @TempDir
    Path dir;

    @Test
    void theCookieComesFromTheEnvironmentOrAFileAndIsNeverPrinted() throws Exception {
        Path bare = Files.writeString(dir.resolve("cookie.txt"), "SUB=_2A25secret; SUBP=0033\n");
        Path props = Files.writeString(dir.resolve("weibo.properties"), "# crawl settings\ncookie=SUB=_2A25other\n");
        assertEquals("SUB=_2A25secret; SUBP=0033", CrawlConfig.resolveCookie(Map.of(), bare));
        assertEquals("SUB=_2A25other", CrawlConfig.resolveCookie(Map.of(), props));
        assertEquals("SUB=env", CrawlConfig.resolveCookie(Map.of("WEIBO_COOKIE", "SUB=env"), bare), "the variable wins");
        assertEquals("", CrawlConfig.resolveCookie(Map.of(), null));

        CrawlConfig config = CrawlConfig.defaults("SUB=_2A25secret");
        assertFalse(config.toString().contains("_2A25secret"), config.toString());
        assertTrue(config.toString().contains("cookie=set (hidden)"));
        assertEquals(Duration.ofSeconds(5), config.delayMin());
        assertEquals(Duration.ofSeconds(15), config.delayMax());
    }

    @Test
    void rejectsAnInvertedDelayRange() {
        assertThrows(IllegalArgumentException.class, () -> new CrawlConfig(Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 1,
                Duration.ofSeconds(1), Duration.ZERO, "", CrawlConfig.CHROME_UA));
    }
}
