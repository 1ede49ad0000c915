package socialalign.models.tokenizer;

/**
 * The Qwen2 pre-tokenizer: splits text into the pieces that byte-level BPE then encodes one by one. It is the
 * regex {@link #PATTERN} of Qwen2's {@code tokenizer.json} ({@code Split}, behaviour {@code Isolated}), as
 * Hugging Face's tokenizers run it (Oniguruma, Unicode classes), written out by hand as its leftmost-first
 * alternation, without {@code java.util.regex}'s backtracking and free of its traps ({@code \s} without
 * {@code UNICODE_CHARACTER_CLASS} is ASCII only). Tests hold it equal to {@code java.util.regex} with
 * {@code UNICODE_CHARACTER_CLASS} on arbitrary strings, and its character classes equal to Oniguruma's
 * on every code point.
 *
 * <p>Alternatives, tried in order at each position:
 * <ol>
 *   <li>{@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}: English contractions (Unicode case folding: {@code 'ſ} counts);
 *   <li>{@code [^\r\n\p{L}\p{N}]?\p{L}+}: a word, with at most one leading non-letter such as a space;
 *   <li>{@code \p{N}}: one digit (numbers are split digit by digit);
 *   <li>{@code  ?[^\s\p{L}\p{N}]+[\r\n]*}: punctuation and symbols, an optional leading space, trailing newlines;
 *   <li>{@code \s*[\r\n]+}: whitespace up to and including its last line break;
 *   <li>{@code \s+(?!\S)}: whitespace except its last character when a non-space follows;
 *   <li>{@code \s+}: any other whitespace.
 * </ol>
 */
public final class Qwen2PreTokenizer {

    /** The regex of Qwen2's (and Qwen2.5's, Qwen3's) pre-tokenizer, as written in {@code tokenizer.json}. */
    public static final String PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Receives pieces as {@code [start, end)} char offsets into the split text. */
    @FunctionalInterface
    public interface PieceSink {
        void accept(int start, int end);
    }

    private static final int NUMBER_TYPES = 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER
            | 1 << Character.OTHER_NUMBER;

    private Qwen2PreTokenizer() {
    }

    /** Splits {@code text[from, to)} into consecutive pieces that cover it. */
    public static void split(CharSequence text, int from, int to, PieceSink sink) {
        int start = from;
        while (start < to) {
            int end = pieceEnd(text, start, to);
            sink.accept(start, end);
            start = end;
        }
    }

    /** End of the piece that starts at {@code i}: the match of the first alternative that matches there. */
    private static int pieceEnd(CharSequence s, int i, int n) {
        int c = Character.codePointAt(s, i);
        int afterC = i + Character.charCount(c);
        if (c == '\'') {
            int end = contractionEnd(s, afterC, n);
            if (end > 0) {
                return end;
            }
        }
        if (isLetter(c)) {
            return lettersEnd(s, afterC, n);
        }
        if (c != '\r' && c != '\n' && !isNumber(c) && afterC < n && isLetter(Character.codePointAt(s, afterC))) {
            return lettersEnd(s, afterC, n);
        }
        if (isNumber(c)) {
            return afterC;
        }
        if (c == ' ' && afterC < n && isOther(Character.codePointAt(s, afterC))) {
            return othersEnd(s, afterC, n);
        }
        if (isOther(c)) {
            return othersEnd(s, i, n);
        }
        return whitespaceEnd(s, i, n);
    }

    /** After {@code '}: the end of {@code s|t|re|ve|m|ll|d} (ignoring case), or -1. */
    private static int contractionEnd(CharSequence s, int i, int n) {
        if (i >= n) {
            return -1;
        }
        char a = s.charAt(i);
        char b = i + 1 < n ? s.charAt(i + 1) : 0;
        if (foldsTo(a, 's') || foldsTo(a, 't') || foldsTo(a, 'm') || foldsTo(a, 'd')) {
            return i + 1;
        }
        if ((foldsTo(a, 'r') || foldsTo(a, 'v')) && foldsTo(b, 'e') || foldsTo(a, 'l') && foldsTo(b, 'l')) {
            return i + 2;
        }
        return -1;
    }

    /** Unicode simple case folding onto an ASCII letter; only U+017F (long s) folds onto one from outside ASCII. */
    private static boolean foldsTo(char c, char lower) {
        return c == lower || c == lower - ('a' - 'A') || lower == 's' && c == '\u017F';
    }

    private static int lettersEnd(CharSequence s, int i, int n) {
        while (i < n) {
            int c = Character.codePointAt(s, i);
            if (!isLetter(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    /** {@code [^\s\p{L}\p{N}]+[\r\n]*} from {@code i}, where the first character is known to match. */
    private static int othersEnd(CharSequence s, int i, int n) {
        while (i < n) {
            int c = Character.codePointAt(s, i);
            if (!isOther(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        while (i < n && (s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /** Alternatives 5 to 7 at a whitespace character. Every whitespace character is a single UTF-16 unit. */
    private static int whitespaceEnd(CharSequence s, int i, int n) {
        int runEnd = i;
        int lastBreak = -1;
        while (runEnd < n && isWhiteSpace(s.charAt(runEnd))) {
            char c = s.charAt(runEnd);
            if (c == '\r' || c == '\n') {
                lastBreak = runEnd;
            }
            runEnd++;
        }
        if (lastBreak >= 0) {
            return lastBreak + 1;
        }
        if (runEnd == n || runEnd - i == 1) {
            return runEnd;
        }
        return runEnd - 1;
    }

    /** {@code \p{L}}: general category L (Lu, Ll, Lt, Lm, Lo). */
    static boolean isLetter(int c) {
        return c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
    }

    /** {@code \p{N}}: general category N (Nd, Nl, No). */
    static boolean isNumber(int c) {
        return c < 0x80 ? c >= '0' && c <= '9' : (NUMBER_TYPES >> Character.getType(c) & 1) != 0;
    }

    /** {@code \s}: the Unicode White_Space property (Oniguruma's {@code \s}, not Java's ASCII default). */
    static boolean isWhiteSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /** {@code [^\s\p{L}\p{N}]}: punctuation, symbols, marks, controls, unassigned and the rest. */
    private static boolean isOther(int c) {
        return !isWhiteSpace(c) && !isLetter(c) && !isNumber(c);
    }
}
