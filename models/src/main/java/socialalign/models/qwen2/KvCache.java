package socialalign.models.qwen2;

import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * The keys and values that the layers of one sequence have computed so far, so that decoding a new token costs
 * one position, not the whole prefix. Per layer, buffers {@code [1, kvHeads, capacity, headDim]} that double when
 * full; the attention reads the filled window {@code [0, length)} as a view.
 */
public final class KvCache {
    private final Backend backend;
    private final int kvHeads, headDim;
    private final Tensor[] keys, values;
    private int length, capacity;

    KvCache(Backend backend, int layers, int kvHeads, int headDim, int initialCapacity) {
        this.backend = backend;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.keys = new Tensor[layers];
        this.values = new Tensor[layers];
        this.capacity = Math.max(1, initialCapacity);
    }

    /** Positions cached: the position of the next token. */
    public int length() {
        return length;
    }

    /** Forgets every position from {@code newLength} on (to reuse a shared prefix of the next prompt). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("truncate to " + newLength + " of a cache of " + length + " positions");
        }
        length = newLength;
    }

    /** The keys and values of one layer after {@link #append}: views {@code [1, kvHeads, length + T, headDim]}. */
    record Window(Tensor keys, Tensor values) {}

    /**
     * Stores {@code k, v [1, kvHeads, T, headDim]} of {@code layer} at positions {@code [length, length + T)} and
     * returns the layer's whole window. Every layer appends once per step; {@link #advance} then moves on.
     */
    Window append(int layer, Tensor k, Tensor v) {
        int t = k.size(2), end = length + t;
        if (end > capacity) capacity = Math.max(end, 2 * capacity);
        keys[layer] = ensure(keys[layer]);
        values[layer] = ensure(values[layer]);
        backend.copyInto(keys[layer].slice(2, length, end), k);
        backend.copyInto(values[layer].slice(2, length, end), v);
        return new Window(keys[layer].slice(2, 0, end), values[layer].slice(2, 0, end));
    }

    /** Commits the {@code t} positions that every layer has just appended. */
    void advance(int t) {
        length += t;
    }

    /** The layer's buffer at the current capacity, its filled part carried over when it grows. */
    private Tensor ensure(Tensor buffer) {
        if (buffer != null && buffer.size(2) == capacity) return buffer;
        Tensor grown = backend.zeros(1, kvHeads, capacity, headDim);
        if (buffer != null && length > 0) backend.copyInto(grown.slice(2, 0, length), buffer.slice(2, 0, length));
        return grown;
    }
}
