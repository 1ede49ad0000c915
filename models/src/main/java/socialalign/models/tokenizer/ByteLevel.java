package socialalign.models.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's byte-to-unicode table, which byte-level BPE vocabularies are written in: each of the 256 byte values
 * is a printable character. Printable Latin-1 bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for
 * themselves; the other 68 bytes, in increasing order, take the characters U+0100, U+0101, ... (so the space
 * 0x20 is {@code Ġ} and the newline 0x0A is {@code Ċ}).
 */
public final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Inverse table, indexed by character; -1 for characters that stand for no byte. */
    private static final short[] CHAR_TO_BYTE = new short[0x100 + 68];

    static {
        Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevel() {
    }

    /** The character that stands for {@code b} (0..255). */
    public static char toChar(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte that {@code c} stands for, or -1 when {@code c} is not in the table. */
    public static int toByte(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The byte-level spelling of some bytes: one table character per byte. */
    public static String toChars(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = toChar(bytes[i]);
        }
        return new String(chars);
    }
}
