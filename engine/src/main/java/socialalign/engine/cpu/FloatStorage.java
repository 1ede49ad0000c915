package socialalign.engine.cpu;

import socialalign.engine.Storage;

/**
 * CPU storage: a heap {@code float[]}. On the heap rather than off-heap because activations and
 * gradients are short-lived (the garbage collector frees a whole graph at once), the JIT removes bounds
 * checks in counted loops, and {@code FloatVector.fromArray} is the Vector API's fastest load. Weights
 * mapped from files are the exception and belong to the model loader.
 */
public record FloatStorage(float[] data, CpuBackend backend) implements Storage {
    @Override
    public long length() {
        return data.length;
    }
}
