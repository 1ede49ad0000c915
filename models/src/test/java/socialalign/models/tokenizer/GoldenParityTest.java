package socialalign.models.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Qwen tokenizer against Hugging Face's own ({@code make-golden.mjs} wrote the expected files with the
 * npm package {@code tokenizers}): the same ids on every corpus line, the same text from every id sequence.
 */
class GoldenParityTest {

    private static Tokenizer qwen;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.load(TokenizerFiles.qwenTokenizerJson());
    }

    @Test
    void everyCorpusLineHasHuggingFacesIds() {
        List<JsonNode> corpus = TokenizerFiles.jsonLines("corpus.jsonl");
        List<JsonNode> expected = TokenizerFiles.jsonLines("corpus.ids.jsonl");
        assertEquals(corpus.size(), expected.size(), "corpus.ids.jsonl is stale: rerun make-golden.mjs");
        assertTrue(corpus.size() >= 2000, "corpus of " + corpus.size() + " lines");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            String text = corpus.get(i).asText();
            int[] ids = qwen.encode(text);
            if (!java.util.Arrays.equals(TokenizerFiles.ints(expected.get(i).get("ids")), ids)) {
                mismatches.add("line " + (i + 1) + " " + corpus.get(i) + ": expected " + expected.get(i).get("ids")
                        + ", got " + java.util.Arrays.toString(ids));
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                mismatches.size() + " of " + corpus.size() + " lines differ");
    }

    /** Decoding gives the line in NFC, or where Hugging Face gives something else, what it gives. */
    @Test
    void everyCorpusLineDecodesToItsNfcText() {
        List<JsonNode> corpus = TokenizerFiles.jsonLines("corpus.jsonl");
        List<JsonNode> expected = TokenizerFiles.jsonLines("corpus.ids.jsonl");
        for (int i = 0; i < corpus.size(); i++) {
            String text = corpus.get(i).asText();
            JsonNode golden = expected.get(i);
            String want = golden.has("decoded") ? golden.get("decoded").asText()
                    : Normalizer.normalize(text, Normalizer.Form.NFC);
            assertEquals(want, qwen.decode(qwen.encode(text)), corpus.get(i)::toString);
        }
    }

    @Test
    void decodingMatchesHuggingFaceOnBrokenUtf8AndSpecialTokens() {
        for (JsonNode line : TokenizerFiles.jsonLines("decode.jsonl")) {
            int[] ids = TokenizerFiles.ints(line.get("ids"));
            assertEquals(line.get("text").asText(), qwen.decode(ids), line::toString);
            assertEquals(line.get("skipSpecial").asText(), qwen.decode(ids, true), line::toString);
        }
    }

    @Test
    void knownIds() {
        assertArrayEquals(new int[] {108386, 3837, 99489, 6313}, qwen.encode("你好，世界！"));
        assertEquals(151644, qwen.tokenId("<|im_start|>").orElseThrow());
        assertEquals(151645, qwen.tokenId("<|im_end|>").orElseThrow());
        assertEquals(151643, qwen.tokenId("<|endoftext|>").orElseThrow());
        assertEquals(151669, qwen.size());
    }
}
