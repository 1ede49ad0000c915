package socialalign.models.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Tensors carved from huge-page regions: aligned, zeroed, apart from one another, large ones on their own. */
class HugePagesTest {
    private static final long MIB = 1 << 20;

    @Test
    void tensorsAreAlignedZeroedAndDoNotOverlap() {
        MemorySegment a = HugePages.allocate(100), b = HugePages.allocate(3 * MIB + 4), c = HugePages.allocate(1);
        for (MemorySegment t : new MemorySegment[] {a, b, c}) {
            assertEquals(0, t.address() % 64, "64-byte aligned");
            for (long i = 0; i < t.byteSize(); i += 4093) assertEquals(0, t.get(ValueLayout.JAVA_BYTE, i));
        }
        assertEquals(100, a.byteSize());
        assertEquals(3 * MIB + 4, b.byteSize());
        assertTrue(b.address() >= a.address() + 128 || a.address() >= b.address() + b.byteSize(), "a and b overlap");
        b.fill((byte) 7);
        assertEquals(0, a.get(ValueLayout.JAVA_BYTE, 99));
        assertEquals(0, c.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void aTensorLargerThanARegionStartsOnAHugePageOfItsOwn() {
        MemorySegment large = HugePages.allocate(65 * MIB + 3);
        assertEquals(0, large.address() % (2 * MIB));
        large.set(ValueLayout.JAVA_BYTE, large.byteSize() - 1, (byte) 1);
        assertEquals(1, large.get(ValueLayout.JAVA_BYTE, large.byteSize() - 1));
    }
}
