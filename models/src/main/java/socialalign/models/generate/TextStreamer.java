package socialalign.models.generate;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import socialalign.models.tokenizer.Tokenizer;

/**
 * Turns generated ids into text as they come. A token may end inside a multi-byte character (byte-level BPE splits
 * UTF-8 anywhere), so text that ends in a replacement character is held back until the following tokens complete
 * it; {@link #finish} flushes whatever is left. Special tokens are not shown.
 */
public final class TextStreamer {
    private final Tokenizer tokenizer;
    private final IntArrayList ids = new IntArrayList();
    private int shown; // characters of the decoded text already returned

    public TextStreamer(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text that {@code id} completes (possibly empty). */
    public String push(int id) {
        ids.add(id);
        String text = tokenizer.decode(ids.toIntArray(), true);
        if (text.endsWith("\uFFFD")) return "";
        return take(text);
    }

    /** The rest of the text, an incomplete character included (as U+FFFD). */
    public String finish() {
        return take(tokenizer.decode(ids.toIntArray(), true));
    }

    private String take(String text) {
        String out = text.substring(Math.min(shown, text.length()));
        shown = text.length();
        return out;
    }
}
