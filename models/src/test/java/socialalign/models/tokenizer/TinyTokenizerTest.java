package socialalign.models.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hand-made tiny tokenizers (ids 0..9 merged tokens, 10..265 the 256 bytes, 266.. added tokens with every flag),
 * once with merges as {@code "a b"} and once as {@code ["a","b"]}; expected values from Hugging Face
 * ({@code tiny.golden.jsonl}) and by hand.
 */
class TinyTokenizerTest {

    private static final Tokenizer STRINGS = Tokenizer.load(TokenizerFiles.resource("tiny-merges-strings.json"));
    private static final Tokenizer PAIRS = Tokenizer.load(TokenizerFiles.resource("tiny-merges-pairs.json"));

    private static Tokenizer tiny(String name) {
        return name.equals("tiny-merges-strings.json") ? STRINGS : PAIRS;
    }

    @Test
    void matchesHuggingFaceOnEveryGoldenCase() {
        for (JsonNode line : TokenizerFiles.jsonLines("tiny.golden.jsonl")) {
            Tokenizer t = tiny(line.get("tokenizer").asText());
            if (line.has("text")) {
                assertArrayEquals(TokenizerFiles.ints(line.get("ids")), t.encode(line.get("text").asText()),
                        line::toString);
            } else {
                assertEquals(line.get("decoded").asText(), t.decode(TokenizerFiles.ints(line.get("ids"))),
                        line::toString);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaa", "abab", "ab ab", "hello", "hello<S>aaaa", "é<W>"})
    void bothMergeFormsGiveTheSameIds(String text) {
        assertArrayEquals(STRINGS.encode(text), PAIRS.encode(text));
    }

    @Test
    void mergesApplyByRankThenLeftmost() {
        // "a a" (rank 3) pairs the first two a's before "aa aa" (rank 6) joins the halves.
        assertArrayEquals(new int[] {6}, STRINGS.encode("aaaa"));
        // Rank 3 takes the leftmost pair of "aaa", leaving one a (byte 0x61 = id 107).
        assertArrayEquals(new int[] {3, 107}, STRINGS.encode("aaa"));
        // " ab" is one piece: "a b" (rank 0) first, then "Ġ ab" (rank 7).
        assertArrayEquals(new int[] {0, 7}, STRINGS.encode("ab ab"));
    }

    @Test
    void addedTokensAreSplitOutLeftmostLongest() {
        assertArrayEquals(new int[] {107, 266, 108}, STRINGS.encode("a<S>b"));
        assertArrayEquals(new int[] {267}, STRINGS.encode("<SS>"));
        assertArrayEquals(new int[] {266, 267}, STRINGS.encode("<S><SS>"));
        // lstrip takes " " into <L>; rstrip takes the spaces after <R>.
        assertArrayEquals(new int[] {130, 268, 42, 131}, STRINGS.encode("x <L> y"));
        assertArrayEquals(new int[] {269, 132}, STRINGS.encode("<R>  z"));
        // single_word: only where no letter or digit touches it.
        assertArrayEquals(new int[] {271}, STRINGS.encode("<W>"));
        assertEquals(5, STRINGS.encode("w<W>w").length);
    }

    @Test
    void normalizedAddedTokensMatchAfterNfc() {
        // "<E\u0301>" is registered as its NFC form "<É>" and matches both spellings in the text.
        assertArrayEquals(new int[] {272}, STRINGS.encode("<E\u0301>"));
        assertArrayEquals(new int[] {272}, STRINGS.encode("<\u00C9>"));
    }

    @Test
    void invalidUtf8DecodesToReplacementCharacters() {
        int b = 10;
        assertEquals("\uFFFD", STRINGS.decode(new int[] {b + 0xE4, b + 0xB8}));
        assertEquals("中", STRINGS.decode(new int[] {b + 0xE4, b + 0xB8, b + 0xAD}));
        assertEquals("\uFFFD\uFFFD\uFFFD", STRINGS.decode(new int[] {b + 0xED, b + 0xA0, b + 0x80}));
        assertEquals("\uFFFDA", STRINGS.decode(new int[] {b + 0xF0, b + 0x9F, b + 0x98, b + 'A'}));
        assertEquals("\uFFFD\uFFFD", STRINGS.decode(new int[] {b + 0xC0, b + 0x80}));
    }

    @Test
    void anAddedTokenAlreadyInTheVocabularyKeepsTheVocabularyId() {
        // The file gives the added token "é" id 274, but "é" is the vocabulary's character for byte 0xE9 (id 243):
        // Hugging Face keeps 243, and 274 names no token. Decoded, 243 is the lone byte 0xE9: invalid UTF-8.
        assertArrayEquals(new int[] {243}, STRINGS.encode("é"));
        assertEquals("\uFFFD", STRINGS.decode(new int[] {243}));
        assertEquals(null, STRINGS.token(274));
    }

    @Test
    void idsThatNameNoTokenAreLeftOutOfDecoding() {
        assertEquals("aa", STRINGS.decode(new int[] {3, 274, 275, -1, 1_000_000}));
    }

    @Test
    void loneSurrogatesEncodeAsReplacementCharacter() {
        assertArrayEquals(STRINGS.encode("a\uFFFDb"), STRINGS.encode("a\uD800b"));
        assertEquals("a\uFFFDb", STRINGS.decode(STRINGS.encode("a\uDC00b")));
    }

    @Test
    void specialTokensCanBeSkippedOnDecode() {
        int[] ids = STRINGS.encode("a<S>b<L>");
        assertEquals("a<S>b<L>", STRINGS.decode(ids));
        assertEquals("ab<L>", STRINGS.decode(ids, true));
    }

    // Malformed files: one line naming the file and the field.

    @Test
    void malformedFilesAreNamedWithTheirField(@TempDir Path dir) throws IOException {
        expectError(dir, root -> ((ArrayNode) root.at("/model/merges")).set(1, 12), "model.merges[1]: expected");
        expectError(dir, root -> ((ArrayNode) root.at("/model/merges")).set(1, "a b c"), "model.merges[1]: expected");
        expectError(dir, root -> ((ArrayNode) root.at("/model/merges")).add("q z"), "model.merges[10]: token \"qz\"");
        expectError(dir, root -> ((ObjectNode) root.at("/model/vocab")).put("x", "seven"), "model.vocab[\"x\"]");
        expectError(dir, root -> ((ObjectNode) root).remove("model"), "model: expected an object");
        expectError(dir, root -> ((ObjectNode) root.at("/model")).put("type", "WordPiece"), "model.type");
        expectError(dir, root -> ((ObjectNode) root.at("/added_tokens/1")).put("content", "<S>"),
                "added_tokens[1].content: \"<S>\" is given twice");
        expectError(dir, root -> ((ObjectNode) root.at("/added_tokens/1")).put("id", "x"), "added_tokens[1].id");
        expectError(dir, root -> ((ObjectNode) root.at("/normalizer")).put("type", "Lowercase"), "normalizer.type");
        expectError(dir, root -> ((ObjectNode) root.at("/pre_tokenizer/pretokenizers/0/pattern")).put("Regex", "\\s+"),
                "pre_tokenizer.pretokenizers[0].pattern.Regex");
        expectError(dir, root -> ((ObjectNode) root.at("/decoder")).put("type", "WordPiece"), "decoder: expected");
    }

    @Test
    void brokenJsonAndMissingFilesAreOneLine(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"vocab\": ");
        var e = assertThrows(TokenizerFormatException.class, () -> Tokenizer.load(dir));
        assertEquals(broken + ": not valid JSON at line 1, column 21", e.getMessage().substring(0, e.getMessage().indexOf(": Unexpected")));
        var missing = assertThrows(TokenizerFormatException.class, () -> Tokenizer.load(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": no such file", missing.getMessage());
    }

    private static void expectError(Path dir, Consumer<JsonNode> damage, String expected) throws IOException {
        JsonNode root = TokenizerFiles.JSON.readTree(TokenizerFiles.resource("tiny-merges-strings.json").toFile());
        damage.accept(root);
        Path file = dir.resolve("tokenizer.json");
        TokenizerFiles.JSON.writeValue(file.toFile(), root);
        var e = assertThrows(TokenizerFormatException.class, () -> Tokenizer.load(file));
        assertEquals(file + ": " + expected, e.getMessage().substring(0, Math.min(e.getMessage().length(),
                file.toString().length() + 2 + expected.length())), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }
}
