package socialalign.engine.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import socialalign.engine.Storage;
import socialalign.engine.WeightFormat;

/**
 * Elements read as float32 from any CPU storage: a heap array, or a segment of F32 or BF16. Kernels that
 * stream weights read through it; the switch on the kind is loop-invariant, so the JIT hoists it.
 */
final class FloatSource {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> HALF = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    enum Kind { HEAP, F32, BF16 }

    final Kind kind;
    final float[] heap;
    /** The elements' bytes: the segment, or a heap segment over {@code heap}. */
    final MemorySegment segment;

    private FloatSource(Kind kind, float[] heap, MemorySegment segment) {
        this.kind = kind;
        this.heap = heap;
        this.segment = segment != null ? segment : MemorySegment.ofArray(heap);
    }

    static FloatSource of(float[] heap) {
        return new FloatSource(Kind.HEAP, heap, null);
    }

    static FloatSource of(Storage storage) {
        if (storage instanceof FloatStorage f) return of(f.data());
        if (storage instanceof SegmentStorage s) {
            return new FloatSource(s.format() == WeightFormat.F32 ? Kind.F32 : Kind.BF16, null, s.segment());
        }
        throw new IllegalArgumentException("cpu backend: storage " + storage.getClass().getSimpleName() + " lives on another backend");
    }

    float scalar(long index) {
        return switch (kind) {
            case HEAP -> heap[(int) index];
            case F32 -> segment.getAtIndex(F32, index);
            case BF16 -> Float.intBitsToFloat(segment.getAtIndex(BF16, index) << 16);
        };
    }

    /** The {@code S.length()} elements from {@code index}. */
    FloatVector vector(long index) {
        return switch (kind) {
            case HEAP -> FloatVector.fromArray(S, heap, (int) index);
            case F32 -> FloatVector.fromMemorySegment(S, segment, index * 4, ByteOrder.LITTLE_ENDIAN);
            // bfloat16 is the upper half of a float32: widen each lane and shift it into place.
            case BF16 -> ((IntVector) ShortVector.fromMemorySegment(HALF, segment, index * 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        };
    }
}
