package socialalign.engine;

import java.util.Arrays;

/** Shape arithmetic shared by every backend: sizes, row-major strides, broadcasting. */
public final class Shape {
    private Shape() {}

    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Row-major strides: the last dimension is contiguous. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /** NumPy broadcasting: align on the right, a size-1 dimension stretches. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b) + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Normalises a possibly negative dimension index (-1 is the last). */
    public static int dim(String op, int[] shape, int dim) {
        int d = dim < 0 ? dim + shape.length : dim;
        if (d < 0 || d >= shape.length) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for shape " + str(shape));
        }
        return d;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    public static void require(boolean condition, String op, String what, int[] a, int[] b) {
        if (!condition) throw new IllegalArgumentException(op + ": " + what + ", shapes " + str(a) + " and " + str(b));
    }
}
