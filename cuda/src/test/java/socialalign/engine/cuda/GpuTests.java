package socialalign.engine.cuda;

/** Whether this machine has a usable GPU, for the tests' assumptions. */
final class GpuTests {
    private GpuTests() {}

    /** Null when a CUDA backend opens here, else the reason it does not. */
    static String unavailableReason() {
        try {
            CudaBackend.open(Precision.FP32);
            return null;
        } catch (CudaUnavailableException e) {
            return e.getMessage();
        }
    }
}
