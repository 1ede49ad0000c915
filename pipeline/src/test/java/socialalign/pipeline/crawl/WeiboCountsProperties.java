package socialalign.pipeline.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;

class WeiboCountsProperties {

    @Property
    void plainNumbers(@ForAll @LongRange(min = 0, max = 999_999_999_999L) long n) {
        assertEquals(n, WeiboCounts.parse(Long.toString(n)));
        assertEquals(n, WeiboCounts.parse(" 转发 " + n));
    }

    @Property
    void tenThousands(@ForAll @IntRange(min = 1, max = 9999) int n, @ForAll @IntRange(min = 0, max = 9) int tenth) {
        assertEquals(n * 10_000L, WeiboCounts.parse(n + "万"));
        assertEquals(n * 10_000L, WeiboCounts.parse(n + "万+"), "万+ is the reference's '0000' suffix");
        assertEquals(n * 10_000L + tenth * 1_000L, WeiboCounts.parse(n + "." + tenth + "万"));
    }

    @Property
    void hundredMillions(@ForAll @IntRange(min = 1, max = 999) int n, @ForAll @IntRange(min = 0, max = 99) int hundredths) {
        String shown = n + "." + (hundredths < 10 ? "0" : "") + hundredths + "亿";
        long expected = new BigDecimal(n + "." + (hundredths < 10 ? "0" : "") + hundredths).multiply(BigDecimal.valueOf(100_000_000L)).longValue();
        assertEquals(expected, WeiboCounts.parse(shown));
    }

    @Property
    void labelsWithoutDigitsAreZero(@ForAll @StringLength(max = 6) @Chars({'转', '发', '评', '论', '赞', ' '}) String label) {
        assertEquals(0, WeiboCounts.parse(label));
        assertEquals("0", WeiboCounts.countText(label));
    }

    @Example
    void countTextIsTheReferenceRegexMatch() {
        assertEquals("1万+", WeiboCounts.countText(" 转发 1万+ "));
        assertEquals("572950]", WeiboCounts.countText("赞[572950]"));
        assertEquals(572_950, WeiboCounts.parse("赞[572950]"));
        assertEquals(12_345, WeiboCounts.parse("12,345"));
    }
}
