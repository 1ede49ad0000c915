package socialalign.engine;

/** Walks the rows (everything but the last dimension) of a strided view, in row-major order. */
public final class Strided {
    private Strided() {}

    @FunctionalInterface
    public interface RowVisitor {
        /** {@code base}: storage index of the row's first element; {@code row}: its row-major row number. */
        void row(long base, int row);
    }

    public static void forEachRow(Tensor x, RowVisitor visitor) {
        int[] shape = x.shape(), strides = x.strides();
        int outer = shape.length - 1;
        if (outer < 0) {
            visitor.row(x.offset(), 0);
            return;
        }
        for (int s : shape) if (s == 0) return;
        int rows = (int) (x.numel() / shape[outer]);
        int[] index = new int[outer];
        long base = x.offset();
        for (int r = 0; r < rows; r++) {
            visitor.row(base, r);
            for (int d = outer - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    base += strides[d];
                    break;
                }
                base -= (long) strides[d] * (shape[d] - 1);
                index[d] = 0;
            }
        }
    }
}
