package socialalign.pipeline.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class WeiboDatesProperties {

    private static final LocalDateTime NOW = LocalDateTime.of(2024, 10, 28, 12, 34, 56);

    @Provide
    Arbitrary<LocalDateTime> times() {
        return Arbitraries.longs().between(0, 20L * 365 * 24 * 3600)
                .map(s -> LocalDateTime.of(2005, 1, 1, 0, 0).plusSeconds(s));
    }

    @Property
    void agoForms(@ForAll @IntRange(min = 0, max = 100_000) int n) {
        assertEquals(NOW.minusSeconds(n), WeiboDates.parse(n + "秒前", NOW));
        assertEquals(NOW.minusMinutes(n), WeiboDates.parse(n + "分钟前", NOW));
        assertEquals(NOW.minusMinutes(n), WeiboDates.parse(" \n " + n + "分钟 前\n", NOW), "spaces and newlines are ignored");
        assertEquals(NOW.minusHours(n), WeiboDates.parse(n + "小时前", NOW));
    }

    @Property
    void todayAndYesterday(@ForAll @IntRange(min = 0, max = 23) int h, @ForAll @IntRange(min = 0, max = 59) int m) {
        String clock = "%02d:%02d".formatted(h, m);
        assertEquals(NOW.toLocalDate().atTime(h, m), WeiboDates.parse("今天 " + clock, NOW));
        assertEquals(NOW.toLocalDate().atTime(h, m), WeiboDates.parse("今天" + clock, NOW));
        assertEquals(NOW.toLocalDate().minusDays(1).atTime(h, m), WeiboDates.parse("昨天 " + clock, NOW));
    }

    @Property
    void absoluteForms(@ForAll("times") LocalDateTime t) {
        LocalDateTime minute = t.truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime thisYear = minute.withYear(NOW.getYear());
        if (thisYear.getMonthValue() == 2 && thisYear.getDayOfMonth() != minute.getDayOfMonth()) {
            return; // 29 February
        }
        assertEquals(minute, WeiboDates.parse(minute.format(DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm")), NOW));
        assertEquals(thisYear, WeiboDates.parse(minute.format(DateTimeFormatter.ofPattern("MM月dd日 HH:mm")), NOW));
        assertEquals(thisYear, WeiboDates.parse(minute.format(DateTimeFormatter.ofPattern("M月d日 H:mm")), NOW), "one-digit months and days too");
        assertEquals(t, WeiboDates.parse(t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")), NOW));
        assertEquals(t.toLocalDate().atStartOfDay(), WeiboDates.parse(t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd")), NOW));
        assertEquals(thisYear.toLocalDate().atStartOfDay(), WeiboDates.parse(minute.format(DateTimeFormatter.ofPattern("MM-dd")), NOW));
    }

    @Property
    void apiForm(@ForAll("times") LocalDateTime t) {
        String beijing = t.atOffset(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH));
        assertEquals(t, WeiboDates.parse(beijing, NOW));
        String utc = t.atOffset(ZoneOffset.ofHours(8)).withOffsetSameInstant(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH));
        assertEquals(t, WeiboDates.parse(utc, NOW), "other offsets are converted to Beijing time");
    }

    @Example
    void referenceExamples() {
        assertEquals(NOW, WeiboDates.parse("刚刚", NOW));
        assertEquals(LocalDateTime.of(2024, 10, 27, 10, 0), WeiboDates.parse("10月27日 10:00", NOW));
        assertEquals(LocalDateTime.of(2024, 10, 26, 10, 0), WeiboDates.parse("Sat Oct 26 10:00:00 +0800 2024", NOW));
        assertThrows(IllegalArgumentException.class, () -> WeiboDates.parse("上周", NOW));
        assertThrows(IllegalArgumentException.class, () -> WeiboDates.parse("今天 25点", NOW));
    }
}
