package socialalign.models.qwen2;

import java.util.HashMap;
import java.util.Map;
import socialalign.autograd.nn.LayerCache;
import socialalign.autograd.nn.Spans;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * The keys and values that the layers of one sequence have computed so far, so that decoding a new token costs
 * one position, not the whole prefix. Per layer, buffers {@code [1, kvHeads, capacity, headDim]} that double when
 * full; the attention reads the filled window {@code [0, length)} as a view. It also holds what the sequence's
 * adapters need across steps: its prompt {@link Spans} and their per-sequence memory (e.g. pooled gates).
 */
public final class KvCache {
    private final Backend backend;
    private final int kvHeads, headDim;
    private final Tensor[] keys, values;
    private final Spans spans;
    private final Map<Object, Object> memory = new HashMap<>();
    private int length, capacity;

    KvCache(Backend backend, int layers, int kvHeads, int headDim, int initialCapacity, Spans spans) {
        this.backend = backend;
        this.spans = spans;
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

    /** The prompt spans of this sequence. */
    public Spans spans() {
        return spans;
    }

    /** Adapter state of this sequence, kept across steps (e.g. pooled gates; a gate trace to look at). */
    public Map<Object, Object> memory() {
        return memory;
    }

    /**
     * Forgets every position from {@code newLength} on (to reuse a shared prefix of the next prompt). Adapter memory
     * is derived from the span positions; it survives only while they all stay cached.
     */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("truncate to " + newLength + " of a cache of " + length + " positions");
        }
        if (newLength < spans.newsEnd()) memory.clear();
        length = newLength;
    }

    /** Layer {@code layer}'s view of this cache, for its attention. */
    LayerCache layer(int layer) {
        return (k, v) -> append(layer, k, v);
    }

    /**
     * Stores {@code k, v [1, kvHeads, T, headDim]} of {@code layer} at positions {@code [length, length + T)} and
     * returns the layer's whole window. Every layer appends once per step; {@link #advance} then moves on.
     */
    private LayerCache.Window append(int layer, Tensor k, Tensor v) {
        int t = k.size(2), end = length + t;
        if (end > capacity) capacity = Math.max(end, 2 * capacity);
        keys[layer] = ensure(keys[layer]);
        values[layer] = ensure(values[layer]);
        backend.copyInto(keys[layer].slice(2, length, end), k);
        backend.copyInto(values[layer].slice(2, length, end), v);
        return new LayerCache.Window(keys[layer].slice(2, 0, end), values[layer].slice(2, 0, end));
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
