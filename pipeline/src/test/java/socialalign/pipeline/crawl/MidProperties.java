package socialalign.pipeline.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class MidProperties {

    @Example
    void convertsAKnownPair() {
        // mid 4607741009594608 is mblogid K3fnuEfZK in weibo.com's own statuses JSON.
        assertEquals("K3fnuEfZK", Mid.toBid("4607741009594608"));
        assertEquals("4607741009594608", Mid.toMid("K3fnuEfZK"));
    }

    @Example
    void padsInnerGroups() {
        // 46 | 0000001 | 0000000: inner groups are padded to 4 base62 digits.
        assertEquals("K00010000", Mid.toBid("4600000010000000"));
        assertEquals("4600000010000000", Mid.toMid("K00010000"));
    }

    @Property
    void bidAndMidAreInverse(@ForAll @LongRange(min = 1_000_000_000_000_000L, max = 9_999_999_999_999_999L) long mid) {
        String bid = Mid.toBid(Long.toString(mid));
        assertEquals(Long.toString(mid), Mid.toMid(bid));
        assertEquals(mid / 100_000_000_000_000L < 62 ? 9 : 10, bid.length(), "the leading 2 digits take 1 or 2 base62 digits");
    }

    @Example
    void rejectsWhatIsNeither() {
        assertThrows(IllegalArgumentException.class, () -> Mid.toBid("K3fnuEfZK"));
        assertThrows(IllegalArgumentException.class, () -> Mid.toMid("K3fn-uEfZK"));
        assertThrows(IllegalArgumentException.class, () -> Mid.toMid("ZZZZ"));
    }
}
