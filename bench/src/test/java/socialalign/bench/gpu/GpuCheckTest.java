package socialalign.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.reference.ReferenceBackend;
import socialalign.lora.GateMode;
import socialalign.models.qwen2.Qwen2Config;

/**
 * The GPU check's PAC-LoRA comparison, run where there is no GPU: the CPU backend against the float64 reference, at
 * the tolerance the check applies to the GPU. The check runs end to end before a GPU session spends time on it, and
 * the CPU's PAC-LoRA model (logits, loss, every adapter gradient, cached decoding) meets the reference beyond the
 * golden files' shapes.
 */
class GpuCheckTest {
    private static final Qwen2Config TINY = new Qwen2Config(97, 64, 96, 2, 4, 2, 1e-6, 10000, false, 128);

    @ParameterizedTest
    @EnumSource(value = GateMode.class, names = {"TOKEN", "POOLED"})
    void pacLoraOnTheCpuMatchesTheReference(GateMode mode) {
        assertTrue(GpuCheck.pacLora(TINY, CpuBackend.shared(), ReferenceBackend.INSTANCE, mode, 1e-4));
    }
}
