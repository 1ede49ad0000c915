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
 * Elements read as float32 from any CPU storage: a heap array, or a segment of F32 or BF16, row-major or in
 * {@link ColumnTiles}. Kernels that stream weights read through it; the switch on the kind is loop-invariant, so the
 * JIT hoists it. Element indices are row-major whatever the layout; {@link #storedAt} says where an element is
 * stored, and the methods that take a stored position ({@link #stored}, {@link #tileRows}) read from there.
 */
final class FloatSource {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> HALF = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The upper 16 bits of an int: a bfloat16 in the high half, as the float32 it stands for. */
    static final int HIGH_HALF = 0xFFFF0000;

    enum Kind { HEAP, F32, BF16 }

    final Kind kind;
    final float[] heap;
    /** The elements' bytes: the segment, or a heap segment over {@code heap}. */
    final MemorySegment segment;
    /** The segment's layout when it is a matrix in tiles; null when it is row-major. */
    final ColumnTiles tiles;

    private FloatSource(Kind kind, float[] heap, MemorySegment segment, ColumnTiles tiles) {
        this.kind = kind;
        this.heap = heap;
        this.segment = segment != null ? segment : MemorySegment.ofArray(heap);
        this.tiles = tiles;
    }

    static FloatSource of(float[] heap) {
        return new FloatSource(Kind.HEAP, heap, null, null);
    }

    static FloatSource of(Storage storage) {
        if (storage instanceof FloatStorage f) return of(f.data());
        if (storage instanceof SegmentStorage s) {
            return new FloatSource(s.format() == WeightFormat.F32 ? Kind.F32 : Kind.BF16, null, s.segment(), s.tiles());
        }
        throw new IllegalArgumentException("cpu backend: storage " + storage.getClass().getSimpleName() + " lives on another backend");
    }

    /** Where element {@code index} is stored. */
    long storedAt(long index) {
        return tiles == null ? index : tiles.at(index);
    }

    float scalar(long index) {
        long at = storedAt(index);
        return switch (kind) {
            case HEAP -> heap[(int) at];
            case F32 -> segment.getAtIndex(F32, at);
            case BF16 -> Float.intBitsToFloat(segment.getAtIndex(BF16, at) << 16);
        };
    }

    /**
     * {@code out[offset + p] = } element {@code index + p} of row-major storage for {@code p < n}, n a multiple of L,
     * widened to float32 into a heap array.
     */
    void widen(long index, int n, float[] out, int offset) {
        for (int p = 0; p < n; p += S.length()) stored(index + p).intoArray(out, offset + p);
    }

    /**
     * {@code out[offset..offset + 2L]} = the 2L rows of a tile's column ({@link ColumnTiles}) stored from {@code at}, in
     * row order: float32 as stored; bfloat16 from one int vector, its low halves the first L rows, its high halves
     * the next L.
     */
    void tileRows(long at, float[] out, int offset) {
        if (kind == Kind.BF16) {
            IntVector pairs = IntVector.fromMemorySegment(INTS, segment, at * 2, ByteOrder.LITTLE_ENDIAN);
            pairs.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, offset);
            pairs.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats().intoArray(out, offset + S.length());
        } else {
            stored(at).intoArray(out, offset);
            stored(at + S.length()).intoArray(out, offset + S.length());
        }
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
