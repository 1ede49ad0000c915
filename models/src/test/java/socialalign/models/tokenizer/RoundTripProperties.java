package socialalign.models.tokenizer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Files;
import java.text.Normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * decode(encode(s)) == NFC(s) for arbitrary valid strings, with the real Qwen tokenizer and the tiny one. One
 * exception, shared with Hugging Face: added tokens are cut out of the raw text before NFC, so NFC never composes
 * across their edge ({@code <|im_start|>} + U+0338 decodes as itself, not as {@code <|im_start|≯}; the golden
 * corpus has that line). The generator therefore follows each added token with a space.
 */
class RoundTripProperties {

    private static final Tokenizer TINY = Tokenizer.load(TokenizerFiles.resource("tiny-merges-strings.json"));
    private static volatile Tokenizer qwen;

    @Property(tries = 2000)
    void qwenDecodesWhatItEncodes(@ForAll("texts") String text) {
        Tokenizer t = qwen();
        if (t == null) {
            return;
        }
        assertEquals(Normalizer.normalize(text, Normalizer.Form.NFC), t.decode(t.encode(text)));
    }

    @Property(tries = 2000)
    void tinyDecodesWhatItEncodes(@ForAll("texts") String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        // The tiny tokenizer's added token "é" is, on purpose, a byte character that decodes to invalid UTF-8.
        Assume.that(!nfc.contains("é"));
        assertEquals(nfc, TINY.decode(TINY.encode(text)));
    }

    /** Any code points (no lone surrogates), weighted towards CJK, emoji, whitespace kinds and combining marks. */
    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x4E00, 0x9FFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x20, 0x7E)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000,
                        0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x200B, 0x200D, 0xFEFF, 0xFE0F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x1F300, 0x1FAFF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x0300, 0x036F)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xAC00, 0xD7A3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x1100, 0x11FF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("<|im_start|>".codePointAt(0))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                        .filter(cp -> cp < 0xD800 || cp > 0xDFFF)));
        Arbitrary<String> special = Arbitraries.of("<|im_start|> ", "<|im_end|> ", "<|endoftext|> ", "<S> ", "<W> ", "<N> ");
        Arbitrary<String> chunk = Arbitraries.oneOf(codePoint.map(Character::toString), special);
        return chunk.list().ofMaxSize(40).map(list -> String.join("", list));
    }

    private static Tokenizer qwen() {
        if (qwen == null) {
            var file = TokenizerFiles.sharedDir().resolve("tokenizers/qwen/tokenizer.json");
            if (!Files.isRegularFile(file)) {
                System.err.println("RoundTripProperties: " + file + " is absent; the Qwen property checks nothing");
                return null;
            }
            qwen = Tokenizer.load(file);
        }
        return qwen;
    }
}
