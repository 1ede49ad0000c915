package socialalign.pipeline.dataset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import socialalign.pipeline.dataset.clean.Hashtags;
import socialalign.pipeline.dataset.clean.PythonWhitespace;
import socialalign.pipeline.dataset.clean.TextCleaner;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec B1 and B2, rule by rule, on the spec's own examples. */
class TextCleanerTest {

    @Test
    void rule1DeletesVideoAndLiveMarkersAfterANewline() {
        assertEquals("看这个", TextCleaner.clean("看这个\n新华社的微博视频"));
        assertEquals("看这个", TextCleaner.clean("看这个\n央视新闻的微博直播"));
        // \S+ cannot cross whitespace, so a spaced author name is not a marker.
        assertEquals("a b c的微博视频", TextCleaner.clean("a\nb c的微博视频"));
    }

    @Test
    void rule1TruncationMarkerEatsAnyThreeCharacters() {
        // The dots are wildcards: "abc" goes with the marker, not only literal "...".
        assertEquals("正文xyz", TextCleaner.clean("正文xyzabc\n全文"));
        assertEquals("正文", TextCleaner.clean("正文...\n全文"));
        // '.' does not match '\n' in Python, but matches '\r' and U+2028 (unlike Java's default).
        assertEquals("x", TextCleaner.clean("x\r\u2028y\n全文"));
        assertEquals("x 全文", TextCleaner.clean("x\n\n\n全文")); // newlines are not wildcards
    }

    @Test
    void rule2KeepsTheHashtagBeforeAVideoMarker() {
        assertEquals("#topic#", TextCleaner.clean("#topic#某某的微博视频"));
        assertEquals("#话题#", TextCleaner.clean("#话题#某某的微博直播"));
    }

    @Test
    void rule3RemovesLiteralsInOrder() {
        assertEquals("看", TextCleaner.clean("看网页链接"));
        assertEquals("内容", TextCleaner.clean("微博正文内容"));
        assertEquals("http:t.cn/abc 转发:原文", TextCleaner.clean("http://t.cn/abc 转发//:原文"));
        assertEquals("好看", TextCleaner.clean("好#热门视频#看"));
        // 网页链接 goes before //, so "/网页链接/" leaves "//", which is then removed.
        assertEquals("ab", TextCleaner.clean("a/网页链接/b"));
    }

    @Test
    void rule4UsesPythonWhitespace() {
        assertEquals("a b c d e", TextCleaner.clean("\u3000 a\u00A0\u00A0b\u001Cc\t\nd\u2003e \u3000"));
        assertEquals("", TextCleaner.clean(" \u3000\n"));
    }

    @Test
    void cleanTopicsDropsHotVideo() {
        assertEquals("话题一", TextCleaner.cleanTopics("话题一,热门视频"));
    }

    @Test
    void onlyHashtags() {
        assertTrue(Hashtags.isOnlyHashtags("#a# #b#"));
        assertTrue(Hashtags.isOnlyHashtags("#话题#\u3000"));
        assertFalse(Hashtags.isOnlyHashtags(""));
        assertFalse(Hashtags.isOnlyHashtags("#a# 正文"));
        assertEquals(List.of("万象", "热点"), Hashtags.inlineTopics("#万象#【标题】#热点#"));
    }

    @Test
    void pythonStripCountsNbspAndInformationSeparators() {
        assertEquals("x", PythonWhitespace.strip("\u00A0\u001Fx\u3000"));
        assertEquals("\u200Bx", PythonWhitespace.strip("\u200Bx")); // zero-width space is not whitespace in Python
    }

    /** Texts from an alphabet that can trigger rules 1, 2 and 4 but cannot rebuild a literal of rule 3. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("的微博视频直播全文ab.#\n\r\t \u3000\u00A0\u001C😀").ofMaxLength(40);
    }

    @Property(tries = 300)
    void cleaningIsIdempotentWhenNoLiteralCanReform(@ForAll("texts") String text) {
        String once = TextCleaner.clean(text);
        assertEquals(once, TextCleaner.clean(once));
    }

    @Property(tries = 300)
    void whitespaceCollapseIsIdempotent(@ForAll String text) {
        String once = TextCleaner.collapseWhitespace(text);
        assertEquals(once, TextCleaner.collapseWhitespace(once));
    }

    @Property(tries = 500)
    void noCharacterOutsideTheInputAppears(@ForAll("texts") String a, @ForAll String b) {
        String text = a + b;
        Set<Integer> allowed = text.codePoints().boxed().collect(Collectors.toSet());
        if (text.codePoints().anyMatch(PythonWhitespace::isSpace)) {
            allowed.add((int) ' '); // rule 4 writes one space for a whitespace run
        }
        String cleaned = TextCleaner.clean(text);
        cleaned.codePoints().forEach(c -> assertTrue(allowed.contains(c), () -> "U+" + Integer.toHexString(c) + " in " + cleaned));
    }
}
