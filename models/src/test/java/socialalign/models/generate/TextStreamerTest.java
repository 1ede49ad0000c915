package socialalign.models.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import socialalign.models.tokenizer.Tokenizer;

class TextStreamerTest {

    @Test
    void multiByteCharactersSplitAcrossTokensAreHeldBackUntilComplete() throws URISyntaxException {
        Path dir = Path.of(getClass().getResource("/qwen2/tied-gqa2-f32/tokenizer.json").toURI());
        Tokenizer tokenizer = Tokenizer.load(dir);
        String text = "héllo 世界 🙂 the end";
        int[] ids = tokenizer.encode(text + "<|im_end|>");
        TextStreamer streamer = new TextStreamer(tokenizer);
        StringBuilder shown = new StringBuilder();
        for (int id : ids) {
            String piece = streamer.push(id);
            assertFalse(piece.contains("\uFFFD"), "no half character is shown: " + piece);
            shown.append(piece);
        }
        shown.append(streamer.finish());
        assertEquals(text, shown.toString(), "special tokens are not shown");
    }

    @Test
    void anUnfinishedCharacterIsFlushedAtTheEnd() throws URISyntaxException {
        Tokenizer tokenizer = Tokenizer.load(Path.of(getClass().getResource("/qwen2/tied-gqa2-f32/tokenizer.json").toURI()));
        TextStreamer streamer = new TextStreamer(tokenizer);
        assertEquals("a", streamer.push(tokenizer.encode("a")[0]));
        assertEquals("", streamer.push(tokenizer.encode("世")[0])); // the first of three UTF-8 bytes
        assertEquals("\uFFFD", streamer.finish());
    }
}
