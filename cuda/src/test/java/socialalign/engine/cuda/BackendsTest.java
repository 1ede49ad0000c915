package socialalign.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import socialalign.engine.cpu.CpuBackend;

/** Device selection on this machine; the GPU-less branches run only where there is no GPU. */
class BackendsTest {
    @Test
    void cpuIsTheSharedCpuBackend() {
        assertSame(CpuBackend.shared(), Backends.select("cpu"));
        assertSame(CpuBackend.shared(), Backends.select(" CPU ", Precision.BF16));
    }

    @Test
    void unknownDevicesAndPrecisionsAreNamed() {
        assertEquals("device: 'tpu' is not one of cpu, cuda, auto",
                assertThrows(IllegalArgumentException.class, () -> Backends.select("tpu")).getMessage());
        assertEquals("precision: 'fp8' is not one of fp32, tf32, bf16",
                assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8")).getMessage());
        assertEquals(Precision.TF32, Precision.parse("tf32"));
    }

    @Test
    void withoutAGpuCudaFailsWithTheReasonAndAutoFallsBack() {
        String reason = GpuTests.unavailableReason();
        assumeTrue(reason != null, "a GPU is present: the no-GPU branch does not apply");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Backends.select("cuda"));
        assertTrue(e.getMessage().startsWith("cuda: "), e.getMessage());
        assertInstanceOf(CpuBackend.class, Backends.select("auto"));
    }

    @Test
    void allocatorRoundsAsPyTorchDoes() {
        assertEquals(512, DeviceAllocator.rounded(0));
        assertEquals(512, DeviceAllocator.rounded(4));
        assertEquals(1024, DeviceAllocator.rounded(513));
        assertEquals(1 << 20, DeviceAllocator.rounded(1 << 20));
        assertEquals(2 << 20, DeviceAllocator.rounded((1 << 20) + 1));
        assertEquals(4 << 20, DeviceAllocator.rounded((2 << 20) + 1));
    }
}
