package socialalign.models.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ByteLevelTest {

    @Test
    void printableLatin1StandsForItself() {
        for (int b : new int[] {'!', 'A', '~', 0xA1, 0xAC, 0xAE, 0xFF}) {
            assertEquals((char) b, ByteLevel.toChar(b));
        }
    }

    @Test
    void otherBytesTakeCharactersFromU0100InOrder() {
        assertEquals('\u0100', ByteLevel.toChar(0x00));
        assertEquals('\u010A', ByteLevel.toChar('\n'));
        assertEquals('\u0120', ByteLevel.toChar(' '));
        assertEquals('\u0121', ByteLevel.toChar(0x7F));
        assertEquals('\u0142', ByteLevel.toChar(0xA0));
        assertEquals('\u0143', ByteLevel.toChar(0xAD));
    }

    @Test
    void tableIsABijection() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.toChar(b);
            assertEquals(b, ByteLevel.toByte(c));
            seen.add(c);
        }
        assertEquals(256, seen.size());
        assertEquals(-1, ByteLevel.toByte('中'));
        assertEquals(-1, ByteLevel.toByte('\u0144'));
        assertEquals(-1, ByteLevel.toByte(' '));
    }

    @Test
    void spellsUtf8BytesAsTableCharacters() {
        assertEquals("ä¸Ń", ByteLevel.toChars("中".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("ĠhiĊ", ByteLevel.toChars(" hi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
