package socialalign.engine.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The layout decoding reads a float32 weight matrix {@code [rows, cols]} fastest in: rows in blocks of {@link #ROWS},
 * and within a block, for each run of L columns (one vector), the block's eight runs side by side. Element (r, c)
 * lies at {@code (r - r % 8) * cols + (c - c % L) * 8 + (r % 8) * L + c % L}. A decoding pass over a block (eight
 * dot products at once) then reads one contiguous stretch, and the passes one after another read the matrix from
 * start to end: one stream for the hardware prefetcher where row-major rows are eight (bench/README.md, decoding).
 */
record RowBlocks(int cols) {
    /** Rows per block: the dot products a decoding pass computes side by side. */
    static final int ROWS = 8;
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    /** Whether a {@code [rows, cols]} matrix is whole blocks of whole runs. */
    static boolean fits(int rows, int cols) {
        return rows > 0 && cols > 0 && rows % ROWS == 0 && cols % L == 0;
    }

    /** Where row-major element {@code index} is stored. */
    long at(long index) {
        long row = index / cols, col = index - row * cols;
        return (row - row % ROWS) * cols + (col - col % L) * ROWS + (row % ROWS) * L + col % L;
    }

    /** Rearranges a row-major float32 matrix in place, one block (at most a few hundred KiB) at a time. */
    static void interleave(MemorySegment matrix, int rows, int cols) {
        long rowBytes = 4L * cols, runBytes = 4L * L;
        MemorySegment block = MemorySegment.ofArray(new byte[Math.toIntExact(ROWS * rowBytes)]);
        for (long first = 0; first < rows; first += ROWS) {
            MemorySegment target = matrix.asSlice(first * rowBytes, ROWS * rowBytes);
            block.copyFrom(target);
            for (int r = 0; r < ROWS; r++) {
                for (long c = 0; c < cols; c += L) {
                    MemorySegment.copy(block, r * rowBytes + 4 * c, target, 4 * (c * ROWS + (long) r * L), runBytes);
                }
            }
        }
    }
}
