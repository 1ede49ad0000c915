package socialalign.models.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import socialalign.autograd.GradMode;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.cpu.FloatStorage;
import socialalign.engine.cpu.SegmentStorage;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/** Every placement of the tiny models' weights holds exactly the widened values, and matrices stay off the heap. */
class WeightPlacementTest {
    private static final CpuBackend CPU = new CpuBackend(1);

    private static List<Path> files(String model) throws Exception {
        Path dir = Path.of(WeightPlacementTest.class.getResource("/qwen2/" + model + "/config.json").toURI()).getParent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tied-gqa2-f32", "untied-gqa4-bf16", "untied-gqa2-f16-sharded"})
    void offHeapPlacementsHoldTheWidenedValues(String model) throws Exception {
        WeightPlacement heap = WeightPlacement.widenedTo(CPU), copied = WeightPlacement.offHeap(CPU, false),
                mapped = WeightPlacement.offHeap(CPU, true);
        for (Path file : files(model)) {
            try (SafetensorsFile st = SafetensorsFile.open(file)) {
                for (TensorEntry entry : st.entries().values()) {
                    Tensor expected = heap.place(file, entry, st.bytes(entry));
                    for (WeightPlacement placement : List.of(copied, mapped)) {
                        Tensor t = placement.place(file, entry, st.bytes(entry));
                        assertArrayEquals(expected.toFloats(), t.toFloats(), entry.name());
                        assertEquals(entry.shape().length >= 2 ? SegmentStorage.class : FloatStorage.class,
                                t.storage().getClass(), entry.name());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tied-gqa2-f32", "untied-gqa4-bf16", "untied-gqa2-f16-sharded"})
    void aModelOffTheHeapComputesTheSameBits(String model) throws Exception {
        Path dir = files(model).getFirst().getParent();
        int[] ids = {1, 5, 9, 2, 7};
        float[] onHeap = logits(Qwen2ForCausalLM.load(dir, WeightPlacement.widenedTo(CPU), false), ids);
        for (boolean mapped : new boolean[] {false, true}) {
            Qwen2ForCausalLM m = Qwen2ForCausalLM.load(dir, WeightPlacement.offHeap(CPU, mapped), false);
            // Few-row products through a weight laid out in tiles sum each dot product in column order, a rounding apart.
            assertArrayEquals(onHeap, logits(m, ids), tiled(m) ? 1e-5f : 0f, model + (mapped ? " mapped" : " copied"));
            // Prefill and one-token decoding read the weights through other kernels and attend through the cache.
            KvCache cache = m.newCache();
            m.infer(java.util.Arrays.copyOf(ids, 4), cache, false);
            float[] last = m.infer(new int[] {ids[4]}, cache, true).toFloats();
            int vocab = last.length;
            assertArrayEquals(java.util.Arrays.copyOfRange(onHeap, 4 * vocab, 5 * vocab), last, 1e-5f, model + " cached");
        }
    }

    private static boolean tiled(Qwen2ForCausalLM model) {
        return model.parameters().values().stream().anyMatch(p -> p.value().storage() instanceof SegmentStorage s && s.tiles() != null);
    }

    private static float[] logits(Qwen2ForCausalLM model, int[] ids) {
        try (var off = GradMode.disabled()) {
            return model.logits(ids).value().toFloats();
        }
    }
}
