package socialalign.engine.cuda;

import java.util.Arrays;
import socialalign.engine.Shape;
import socialalign.engine.Tensor;

/**
 * A tensor view as the kernels' {@code struct Layout} (common.cuh) reads it: rank, offset, then {@link #MAX_RANK}
 * sizes and {@link #MAX_RANK} strides, all int. Dimensions of size 1 are dropped and neighbours that are contiguous
 * with each other merged, which keeps the row-major numbering of the elements and makes most layouts rank 1 or 2.
 */
final class Layout {
    static final int MAX_RANK = 8;

    private Layout() {}

    static int[] of(Tensor x) {
        int[] shape = x.shape(), strides = x.strides();
        int[] s = new int[shape.length], st = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (rank > 0 && st[rank - 1] == strides[d] * shape[d]) {
                s[rank - 1] *= shape[d];
                st[rank - 1] = strides[d];
            } else {
                s[rank] = shape[d];
                st[rank++] = strides[d];
            }
        }
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException("cuda: view of shape " + Shape.str(shape) + " with strides "
                    + Arrays.toString(strides) + " has more than " + MAX_RANK + " dimensions that cannot merge");
        }
        int[] layout = new int[2 + 2 * MAX_RANK];
        layout[0] = rank;
        layout[1] = x.offset();
        System.arraycopy(s, 0, layout, 2, rank);
        System.arraycopy(st, 0, layout, 2 + MAX_RANK, rank);
        return layout;
    }

    /** The row-major layout of {@code n} elements from {@code offset}. */
    static int[] rowMajor(long n, int offset) {
        int[] layout = new int[2 + 2 * MAX_RANK];
        layout[0] = 1;
        layout[1] = offset;
        layout[2] = Math.toIntExact(n);
        layout[2 + MAX_RANK] = 1;
        return layout;
    }
}
