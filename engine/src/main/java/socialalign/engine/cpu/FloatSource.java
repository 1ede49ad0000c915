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
 * Elements read as float32 from any CPU storage: a heap array, or a segment of F32 or BF16, row-major or (F32) in
 * {@link RowBlocks}. Kernels that stream weights read through it; the switch on the kind is loop-invariant, so the
 * JIT hoists it. Indices are row-major whatever the layout; {@link #storedAt} says where an element is stored.
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
    /** The segment's layout when its rows are interleaved; null when it is row-major. */
    final RowBlocks blocks;
    /** Stored elements per element along a row, from one run of L to the next: {@link RowBlocks#ROWS} or 1. */
    final int rowStep;

    private FloatSource(Kind kind, float[] heap, MemorySegment segment, RowBlocks blocks) {
        this.kind = kind;
        this.heap = heap;
        this.segment = segment != null ? segment : MemorySegment.ofArray(heap);
        this.blocks = blocks;
        this.rowStep = blocks == null ? 1 : RowBlocks.ROWS;
    }

    static FloatSource of(float[] heap) {
        return new FloatSource(Kind.HEAP, heap, null, null);
    }

    static FloatSource of(Storage storage) {
        if (storage instanceof FloatStorage f) return of(f.data());
        if (storage instanceof SegmentStorage s) {
            return new FloatSource(s.format() == WeightFormat.F32 ? Kind.F32 : Kind.BF16, null, s.segment(), s.blocks());
        }
        throw new IllegalArgumentException("cpu backend: storage " + storage.getClass().getSimpleName() + " lives on another backend");
    }

    /**
     * Where element {@code index} is stored. The L elements of a row from a multiple of L are stored together from
     * there, and the row's next L elements {@code rowStep * L} further on.
     */
    long storedAt(long index) {
        return blocks == null ? index : blocks.at(index);
    }

    float scalar(long index) {
        long at = storedAt(index);
        return switch (kind) {
            case HEAP -> heap[(int) at];
            case F32 -> segment.getAtIndex(F32, at);
            case BF16 -> Float.intBitsToFloat(segment.getAtIndex(BF16, at) << 16);
        };
    }

    /** The {@code S.length()} elements from {@code index}: in RowBlocks, of one row, from a multiple of L. */
    FloatVector vector(long index) {
        return stored(storedAt(index));
    }

    /**
     * {@code out[offset + p] = } element {@code index + p} for {@code p < n}, n a multiple of L: a stretch of one row,
     * widened to float32 into a heap array.
     */
    void widen(long index, int n, float[] out, int offset) {
        long at = storedAt(index);
        for (int p = 0; p < n; p += S.length()) stored(at + (long) p * rowStep).intoArray(out, offset + p);
    }

    /** The {@code S.length()} elements stored from {@code at}. */
    FloatVector stored(long at) {
        return switch (kind) {
            case HEAP -> FloatVector.fromArray(S, heap, (int) at);
            case F32 -> FloatVector.fromMemorySegment(S, segment, at * 4, ByteOrder.LITTLE_ENDIAN);
            // bfloat16 is the upper half of a float32: widen each lane and shift it into place.
            case BF16 -> ((IntVector) ShortVector.fromMemorySegment(HALF, segment, at * 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        };
    }
}
