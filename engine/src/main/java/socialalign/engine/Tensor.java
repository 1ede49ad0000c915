package socialalign.engine;

import java.util.Arrays;

/**
 * An n-dimensional array: a window (offset, shape, strides) onto a {@link Storage}.
 *
 * <p>Views (reshape of a contiguous tensor, transpose, permute, slice, broadcast) share storage and
 * cost nothing; kernels that need row-major data call {@link #contiguous()}. A tensor never changes
 * shape; only optimizers and gradient accumulation write into storage in place.
 */
public final class Tensor {
    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int[] strides;

    public Tensor(Storage storage, int offset, int[] shape, int[] strides) {
        if (shape.length != strides.length) throw new IllegalArgumentException("shape and strides differ in rank");
        for (int s : shape) if (s < 0) throw new IllegalArgumentException("negative size in shape " + Shape.str(shape));
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.strides = strides.clone();
    }

    /** A row-major tensor over the whole of {@code storage}. */
    public static Tensor of(Storage storage, int... shape) {
        if (Shape.numel(shape) != storage.length()) {
            throw new IllegalArgumentException("storage of " + storage.length() + " elements for shape " + Shape.str(shape));
        }
        return new Tensor(storage, 0, shape, Shape.contiguousStrides(shape));
    }

    public Storage storage() { return storage; }
    public Backend backend() { return storage.backend(); }
    public int offset() { return offset; }
    public int[] shape() { return shape.clone(); }
    public int[] strides() { return strides.clone(); }
    public int rank() { return shape.length; }
    public int size(int dim) { return shape[Shape.dim("size", shape, dim)]; }
    public int stride(int dim) { return strides[Shape.dim("stride", shape, dim)]; }
    public long numel() { return Shape.numel(shape); }

    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** This tensor if row-major already, else a row-major copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : backend().contiguous(this);
    }

    /** Same elements, new shape; one dimension may be -1. Copies only when this tensor is not contiguous. */
    public Tensor reshape(int... newShape) {
        int[] resolved = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: two -1 in " + Shape.str(newShape));
                infer = i;
            } else {
                known *= resolved[i];
            }
        }
        if (infer >= 0 && known != 0) resolved[infer] = (int) (numel() / known);
        if (Shape.numel(resolved) != numel()) {
            throw new IllegalArgumentException("reshape: cannot view shape " + Shape.str(shape) + " as " + Shape.str(newShape));
        }
        Tensor c = contiguous();
        return new Tensor(c.storage, c.offset, resolved, Shape.contiguousStrides(resolved));
    }

    public Tensor transpose(int dim0, int dim1) {
        int a = Shape.dim("transpose", shape, dim0), b = Shape.dim("transpose", shape, dim1);
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Dimension i of the result is dimension {@code order[i]} of this tensor. */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape " + Shape.str(shape));
        }
        int[] s = new int[order.length], st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = Shape.dim("permute", shape, order[i]);
            if (seen[d]) throw new IllegalArgumentException("permute: repeated dimension in " + Arrays.toString(order));
            seen[d] = true;
            s[i] = shape[d];
            st[i] = strides[d];
        }
        return new Tensor(storage, offset, s, st);
    }

    /** Elements {@code start <= i < end} along {@code dim}. */
    public Tensor slice(int dim, int start, int end) {
        int d = Shape.dim("slice", shape, dim);
        if (start < 0 || end > shape[d] || start > end) {
            throw new IllegalArgumentException("slice: [" + start + ", " + end + ") out of range for dimension " + d
                    + " of shape " + Shape.str(shape));
        }
        int[] s = shape.clone();
        s[d] = end - start;
        return new Tensor(storage, offset + start * strides[d], s, strides);
    }

    /** A view with a new size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        int d = dim < 0 ? dim + shape.length + 1 : dim;
        if (d < 0 || d > shape.length) throw new IllegalArgumentException("unsqueeze: dimension " + dim + " for shape " + Shape.str(shape));
        int[] s = new int[shape.length + 1], st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == d) {
                s[i] = 1;
                st[i] = 0;
            } else {
                s[i] = shape[j];
                st[i] = strides[j++];
            }
        }
        return new Tensor(storage, offset, s, st);
    }

    /** A view stretched to {@code target} by NumPy broadcasting (stride 0 on stretched dimensions). */
    public Tensor broadcastTo(int... target) {
        int[] out = Shape.broadcast("broadcastTo", shape, target);
        if (!Arrays.equals(out, target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + Shape.str(shape) + " cannot stretch to " + Shape.str(target));
        }
        int lead = target.length - shape.length;
        int[] st = new int[target.length];
        for (int i = lead; i < target.length; i++) st[i] = shape[i - lead] == target[i] ? strides[i - lead] : 0;
        return new Tensor(storage, offset, target, st);
    }

    /** Storage index of the element at {@code index}. */
    public long indexOf(int... index) {
        long at = offset;
        for (int d = 0; d < shape.length; d++) at += (long) index[d] * strides[d];
        return at;
    }

    public float[] toFloats() { return backend().toFloats(this); }
    public double[] toDoubles() { return backend().toDoubles(this); }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item: tensor of shape " + Shape.str(shape) + " has " + numel() + " elements");
        return toDoubles()[0];
    }

    /** The same values on another backend. */
    public Tensor to(Backend target) {
        return target == backend() ? this : target.fromDoubles(toDoubles(), shape);
    }

    @Override
    public String toString() {
        return "Tensor" + Shape.str(shape) + " on " + backend().name();
    }
}
