package socialalign.models.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The hand-written pre-tokenizer is the Qwen2 regex: equal to {@code java.util.regex} with
 * {@code UNICODE_CHARACTER_CLASS} on arbitrary text, and its classes equal to Oniguruma's (inside Hugging Face's
 * tokenizers) on every code point ({@code unicode-classes.json}, written by {@code make-golden.mjs}).
 */
class Qwen2PreTokenizerProperties {

    private static final Pattern REGEX = Pattern.compile(Qwen2PreTokenizer.PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    @Property(tries = 3000)
    void splitsLikeTheRegex(@ForAll("texts") String text) {
        List<String> expected = new ArrayList<>();
        Matcher m = REGEX.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                expected.add(text.substring(last, m.start()));
            }
            expected.add(m.group());
            last = m.end();
        }
        if (last < text.length()) {
            expected.add(text.substring(last));
        }
        List<String> pieces = new ArrayList<>();
        Qwen2PreTokenizer.split(text, 0, text.length(), (s, e) -> pieces.add(text.substring(s, e)));
        assertEquals(expected, pieces);
    }

    /** Text from pools that hit every alternative: letters of many scripts, digits, spaces, breaks, symbols. */
    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("'s", "'S", "'t", "'re", "'VE", "'m", "'ll", "'D", "'ſ", "'x", "'", "\r\n", "\r", "\n"),
                Arbitraries.strings().withChars(" \t\u000B\f\u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000\u200B\uFEFF").ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars("abcXYZ中文微博éßΩжא한あ").ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withChars("0123456789١٢³½Ⅷ①").ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars("!?.,#@，。！？【】“”-_/\\\u0301\u200D\uFE0F").ofMinLength(1).ofMaxLength(3),
                Arbitraries.of("😀", "👨‍👩‍👧", "🇨🇳", "𠀀", "𝐀", "\uD83C\uDFFD"),
                Arbitraries.strings().all().ofMaxLength(2));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }

    @Example
    void charactersClassesAreOnigurumasOnEveryCodePoint() {
        JsonNode classes = TokenizerFiles.parse(read("unicode-classes.json"));
        assertSameSet(classes.get("L"), Qwen2PreTokenizer::isLetter, "\\p{L}");
        assertSameSet(classes.get("N"), Qwen2PreTokenizer::isNumber, "\\p{N}");
        assertSameSet(classes.get("S"), Qwen2PreTokenizer::isWhiteSpace, "\\s");
    }

    @Example
    void nfcOfEveryCodePointIsHuggingFaces() {
        JsonNode classes = TokenizerFiles.parse(read("unicode-classes.json"));
        String[] expected = new String[Character.MAX_CODE_POINT + 1];
        for (JsonNode entry : classes.get("NFC")) {
            StringBuilder s = new StringBuilder();
            entry.get(1).forEach(cp -> s.appendCodePoint(cp.intValue()));
            expected[entry.get(0).intValue()] = s.toString();
        }
        for (int cp = 1; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue;
            }
            String s = Character.toString(cp);
            String want = expected[cp] == null ? s : expected[cp];
            if (!want.equals(Normalizer.normalize(s, Normalizer.Form.NFC))) {
                throw new AssertionError("NFC differs from Hugging Face's at U+" + Integer.toHexString(cp));
            }
        }
    }

    @Example
    void javasDefaultWhitespaceClassWouldBeWrong() {
        assertFalse(Pattern.compile("\\s").matcher("\u3000").matches(), "Java's plain \\s is ASCII only");
    }

    private static void assertSameSet(JsonNode ranges, IntPredicate predicate, String name) {
        BitSet expected = new BitSet();
        for (JsonNode r : ranges) {
            expected.set(r.get(0).intValue(), r.get(1).intValue() + 1);
        }
        for (int cp = 1; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            if (expected.get(cp) != predicate.test(cp)) {
                throw new AssertionError(name + " differs from Oniguruma's at U+" + Integer.toHexString(cp));
            }
        }
    }

    private static String read(String name) {
        try {
            return java.nio.file.Files.readString(TokenizerFiles.resource(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
