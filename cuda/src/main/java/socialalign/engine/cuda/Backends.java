package socialalign.engine.cuda;

import java.util.Locale;
import socialalign.engine.Backend;
import socialalign.engine.cpu.CpuBackend;

/**
 * The backend a {@code --device cpu|cuda|auto} option names. {@code cpu} never touches JCuda (its natives are loaded
 * only when a {@link CudaBackend} is opened); {@code auto} is the GPU when one is usable, else the CPU.
 */
public final class Backends {
    private Backends() {}

    /** {@link #select(String, Precision)} with float32 matmuls. */
    public static Backend select(String device) {
        return select(device, Precision.FP32);
    }

    /**
     * The backend for {@code device}; {@code precision} applies to the GPU's matmuls. Throws
     * {@link IllegalArgumentException} for an unknown name and {@link CudaUnavailableException} (the reason in its
     * message) for {@code cuda} without a usable GPU. Under {@code auto} that reason is printed as one line on
     * standard error before falling back to the CPU.
     */
    public static Backend select(String device, Precision precision) {
        return switch (device.trim().toLowerCase(Locale.ROOT)) {
            case "cpu" -> CpuBackend.shared();
            case "cuda", "gpu" -> CudaBackend.open(precision);
            case "auto" -> {
                try {
                    yield CudaBackend.open(precision);
                } catch (CudaUnavailableException e) {
                    System.err.println("device auto: " + e.getMessage() + "; using the CPU");
                    yield CpuBackend.shared();
                }
            }
            default -> throw new IllegalArgumentException("device: '" + device + "' is not one of cpu, cuda, auto");
        };
    }
}
