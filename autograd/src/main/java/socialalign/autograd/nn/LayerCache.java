package socialalign.autograd.nn;

import socialalign.engine.Tensor;

/** The keys and values that one attention layer has computed for earlier positions of a sequence. */
public interface LayerCache {

    /** The layer's keys and values of every position so far, {@code [1, kvHeads, S, headDim]} each. */
    record Window(Tensor keys, Tensor values) {}

    /**
     * Stores the new chunk's rotated keys and values {@code [1, kvHeads, T, headDim]} after the cached positions and
     * returns the layer's whole window, the new positions last.
     */
    Window append(Tensor keys, Tensor values);
}
