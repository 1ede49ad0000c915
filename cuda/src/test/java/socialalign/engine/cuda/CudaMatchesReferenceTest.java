package socialalign.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every op on the GPU against the reference backend, in each matmul precision; skipped without a GPU. */
class CudaMatchesReferenceTest {
    @ParameterizedTest
    @EnumSource(Precision.class)
    void everyOpMatchesTheReference(Precision precision) {
        String reason = GpuTests.unavailableReason();
        assumeTrue(reason == null, () -> "no GPU, GPU parity not checked: " + reason);
        List<SelfCheck.Result> results = SelfCheck.run(CudaBackend.open(precision), 42);
        List<SelfCheck.Result> failed = results.stream().filter(r -> !r.passed()).toList();
        assertTrue(results.size() > 50, "only " + results.size() + " results");
        assertTrue(failed.isEmpty(), () -> precision + ": " + failed.stream()
                .map(r -> r.op() + " error " + r.error() + " > " + r.tolerance()).collect(Collectors.joining("; ")));
    }
}
