package socialalign.pipeline.cli;

import picocli.CommandLine.Option;
import socialalign.engine.Backend;
import socialalign.engine.cuda.Backends;
import socialalign.engine.cuda.CudaUnavailableException;
import socialalign.engine.cuda.Precision;

/** {@code --device} and {@code --precision}, shared by the commands that run a model. */
final class DeviceOptions {

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda|auto",
            description = "where the model runs: cpu, cuda (an NVIDIA GPU through cuBLAS) or auto (the GPU when one is "
                    + "usable, else the CPU); default ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|tf32|bf16",
            description = "products of the GPU's matrix multiplies, accumulated in float32 in every case; default ${DEFAULT-VALUE}")
    String precision;

    /** The backend asked for; the CPU path never loads JCuda's native libraries. */
    Backend backend() {
        try {
            return Backends.select(device, Precision.parse(precision));
        } catch (IllegalArgumentException | CudaUnavailableException e) {
            throw new UserError("--device " + device + ": " + e.getMessage(), e);
        }
    }
}
