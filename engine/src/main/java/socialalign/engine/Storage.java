package socialalign.engine;

/**
 * The memory behind one or more tensors. Each backend has its own kind: the CPU backend a heap
 * {@code float[]}, the reference backend a {@code double[]}, a GPU backend device memory.
 */
public interface Storage {
    Backend backend();

    /** Number of elements. */
    long length();
}
