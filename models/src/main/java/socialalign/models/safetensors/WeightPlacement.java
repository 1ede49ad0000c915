package socialalign.models.safetensors;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * Where a checkpoint tensor lives once loaded: the one decision between the file and the engine. Today weights
 * are widened to float32 tensors of a backend ({@link #widenedTo}); storage that keeps the mapped bytes off the
 * heap, or BF16 that kernels widen on the fly, is another implementation of this interface, the loader unchanged.
 */
@FunctionalInterface
public interface WeightPlacement {

    /** The engine tensor for {@code entry}, whose raw bytes are {@code bytes} (a view valid while the file is open). */
    Tensor place(Path file, TensorEntry entry, MemorySegment bytes);

    /** F32, F16 and BF16 widened to float32 (exactly) and copied into tensors of {@code backend}. */
    static WeightPlacement widenedTo(Backend backend) {
        return (file, entry, bytes) -> backend.fromFloats(SafetensorsFile.widen(file, entry, bytes), entry.shape());
    }
}
