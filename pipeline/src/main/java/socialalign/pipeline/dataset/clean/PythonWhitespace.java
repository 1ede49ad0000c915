package socialalign.pipeline.dataset.clean;

/**
 * Python's notion of whitespace, which the reference's {@code \s}, {@code \S} and {@code str.strip()} use (spec
 * B1 rule 4 and "Java porting pitfalls"): exactly the characters for which {@code str.isspace()} is true. Java's
 * {@code \s} misses most of them, and even {@code UNICODE_CHARACTER_CLASS} misses U+001C–U+001F, which Python
 * counts as whitespace (they are separators in Unicode's bidirectional classes).
 */
public final class PythonWhitespace {
    /** A regex character class matching one Python whitespace character. */
    public static final String CLASS =
            "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
    /** A regex character class matching one character that is not Python whitespace (Python's {@code \S}). */
    public static final String NOT_CLASS = "[^" + CLASS.substring(1);

    private PythonWhitespace() {
    }

    /** Python's {@code str.isspace()} for one code point. */
    public static boolean isSpace(int codePoint) {
        return switch (codePoint) {
            case '\t', '\n', 0x0B, '\f', '\r', 0x1C, 0x1D, 0x1E, 0x1F, ' ', 0x85, 0xA0, 0x1680,
                 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> codePoint >= 0x2000 && codePoint <= 0x200A;
        };
    }

    /** Python's {@code str.strip()} with no argument. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        // Every Python whitespace character is in the BMP, so char-wise scanning is exact.
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
