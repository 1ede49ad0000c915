package socialalign.pipeline.metrics;

/**
 * The character tokens of a text, as sacrebleu's {@code tokenize="char"} makes them: every Unicode code point, white
 * space dropped ({@code " ".join(line).split()} in Python, which iterates code points and splits on Unicode white
 * space). Used by every text metric here, so that BLEU, ROUGE-L, distinct-n and the length ratio count alike.
 */
public final class CharTokens {
    private CharTokens() {
    }

    /** The code points of {@code text} that are not white space, in order. */
    public static int[] of(String text) {
        return text.codePoints().filter(cp -> !isPythonSpace(cp)).toArray();
    }

    /** Python's {@code str.isspace}: Java's white space (which has U+001C..U+001F), the no-break spaces it leaves out, and U+0085. */
    static boolean isPythonSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }
}
