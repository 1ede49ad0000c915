package socialalign.engine.cpu;

import java.lang.foreign.MemorySegment;
import socialalign.engine.Storage;
import socialalign.engine.WeightFormat;

/**
 * CPU storage outside the Java heap: a memory segment (a mapped checkpoint file, or anonymous memory) of
 * float32 or bfloat16 elements. Weights live here so that a 7B model needs no heap, and so that BF16 weights
 * cost half the memory traffic: matmul and embedding widen them on the fly; every other op reads a widened copy.
 * Elements are row-major, or, when {@code tiles} is not null, a matrix in the tiles {@link ColumnTiles} lays out;
 * indices are row-major either way.
 */
public record SegmentStorage(MemorySegment segment, WeightFormat format, ColumnTiles tiles, CpuBackend backend) implements Storage {
    public SegmentStorage {
        if (segment.byteSize() % format.bytes != 0) {
            throw new IllegalArgumentException(segment.byteSize() + " bytes are not a whole number of " + format + " elements");
        }
    }

    @Override
    public long length() {
        return segment.byteSize() / format.bytes;
    }
}
