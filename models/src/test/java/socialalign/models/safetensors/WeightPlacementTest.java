package socialalign.models.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.cpu.FloatStorage;
import socialalign.engine.cpu.SegmentStorage;

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
}
