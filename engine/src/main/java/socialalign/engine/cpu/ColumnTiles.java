package socialalign.engine.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import socialalign.engine.WeightFormat;

/**
 * The layout decoding reads a weight matrix {@code [rows, cols]} fastest in: rows in tiles of T ({@link #rows}), each
 * tile stored column after column. Element (r, c) lies at {@code (r - r % T) * cols + c * T + slot(r % T)}. A decoding
 * pass over a tile holds its T sums in vector registers for all {@code cols} steps (step c adds {@code x[c]} times the
 * tile's column c, one contiguous run) and reads the tile as one stretch, the tiles one after another the whole
 * matrix from start to end: one long loop per tile, where dot products of eight interleaved rows needed one short
 * loop, with its set-up and lane sums, per eight rows (bench/README.md, decoding). Each sum is then a plain chain of
 * fused multiply-adds in column order.
 *
 * <p>Float32 tiles are 8L rows (eight vectors of sums), each column in row order. Bfloat16 tiles are 4L rows: a
 * column's two int vectors widen into four float vectors, and more sums per tile spilled registers (bench/README.md).
 * Each run of 2L rows is stored so that one int vector widens into two float vectors of consecutive rows: row i
 * (i &lt; L) in the low half of int i, row L + i in its high half.
 */
record ColumnTiles(int cols, WeightFormat format) {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** Rows per tile in {@code format}: the sums of a decoding pass. */
    static int rows(WeightFormat format) {
        return format == WeightFormat.F32 ? 8 * L : 4 * L;
    }

    /** Rows per tile. */
    int rows() {
        return rows(format);
    }

    /** Whether a {@code [rows, cols]} matrix in {@code format} is whole tiles. */
    static boolean fits(int rows, int cols, WeightFormat format) {
        return rows > 0 && cols > 0 && rows % rows(format) == 0;
    }

    /** Where row-major element {@code index} is stored. */
    long at(long index) {
        int t = rows();
        long row = index / cols, col = index - row * cols;
        return (row - row % t) * cols + col * t + slot((int) (row % t));
    }

    /** Where a tile's column holds its row {@code r}. */
    int slot(int r) {
        if (format == WeightFormat.F32) return r;
        int run = r - r % (2 * L), i = r % (2 * L);
        return run + (i < L ? 2 * i : 2 * (i - L) + 1);
    }

    /** Rearranges a row-major matrix in place, one tile (a few MiB at most) at a time. */
    static void arrange(MemorySegment matrix, int rows, int cols, WeightFormat format) {
        ColumnTiles layout = new ColumnTiles(cols, format);
        int t = layout.rows();
        long tileBytes = (long) t * cols * format.bytes;
        MemorySegment rowMajor = MemorySegment.ofArray(new byte[Math.toIntExact(tileBytes)]);
        for (long first = 0; first < rows; first += t) {
            MemorySegment tile = matrix.asSlice(first * cols * format.bytes, tileBytes);
            rowMajor.copyFrom(tile);
            for (int r = 0; r < t; r++) {
                long from = (long) r * cols, to = layout.slot(r);
                for (int c = 0; c < cols; c++, from++, to += t) {
                    if (format == WeightFormat.F32) tile.setAtIndex(INT, to, rowMajor.getAtIndex(INT, from));
                    else tile.setAtIndex(SHORT, to, rowMajor.getAtIndex(SHORT, from));
                }
            }
        }
    }
}
