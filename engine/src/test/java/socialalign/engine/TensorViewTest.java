package socialalign.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.reference.ReferenceBackend;

class TensorViewTest {
    static Stream<Backend> backends() {
        return Stream.of(ReferenceBackend.INSTANCE, new CpuBackend(1));
    }

    private static Tensor arange(Backend b, int... shape) {
        double[] v = new double[(int) Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return b.fromDoubles(v, shape);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void transposeAndPermuteReadTheSameElements(Backend b) {
        Tensor x = arange(b, 2, 3, 4);
        Tensor t = x.transpose(0, 2); // [4, 3, 2]
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        assertFalse(t.isContiguous());
        double[] v = t.toDoubles();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 2; k++) assertTrue(v[(i * 3 + j) * 2 + k] == k * 12 + j * 4 + i);
        assertArrayEquals(t.toDoubles(), x.permute(2, 1, 0).toDoubles());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sliceOfATransposeThenReshapeCopies(Backend b) {
        Tensor x = arange(b, 3, 5);
        Tensor s = x.transpose(0, 1).slice(0, 1, 4); // rows 1..3 of the transpose: [3, 3]
        assertArrayEquals(new double[] {1, 6, 11, 2, 7, 12, 3, 8, 13}, s.toDoubles());
        assertArrayEquals(new double[] {1, 6, 11, 2, 7, 12, 3, 8, 13}, s.reshape(9).toDoubles());
        assertArrayEquals(new int[] {1, 9}, s.reshape(1, -1).shape());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void broadcastRepeatsWithoutCopying(Backend b) {
        Tensor row = arange(b, 3);
        Tensor m = row.broadcastTo(2, 3);
        assertArrayEquals(new int[] {0, 1}, m.strides());
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2}, m.toDoubles());
        Tensor col = arange(b, 2, 1).broadcastTo(2, 3);
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, col.toDoubles());
        assertThrows(IllegalArgumentException.class, () -> arange(b, 2).broadcastTo(3));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void copyIntoAWindowLeavesTheRest(Backend b) {
        Tensor z = b.zeros(3, 4);
        b.copyInto(z.slice(1, 1, 3), arange(b, 3, 2));
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 2, 3, 0, 0, 4, 5, 0}, z.toDoubles());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void shapeErrorsNameTheOpAndBothShapes(Backend b) {
        var e = assertThrows(IllegalArgumentException.class, () -> b.matmul(b.zeros(2, 3), b.zeros(4, 5), null));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.add(b.zeros(2, 3), b.zeros(4)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void halfPrecisionConversionsAreExact(Backend b) {
        // 1.5 in bf16 is 0x3FC0, -2.0 is 0xC000; in IEEE half 1.5 is 0x3E00, 65504 is 0x7BFF.
        assertArrayEquals(new float[] {1.5f, -2.0f}, LowPrecision.bf16ToFloat(new short[] {0x3FC0, (short) 0xC000}));
        assertArrayEquals(new float[] {1.5f, 65504f}, LowPrecision.f16ToFloat(new short[] {0x3E00, 0x7BFF}));
        Tensor t = b.fromFloats(LowPrecision.bf16ToFloat(new short[] {0x3FC0, (short) 0xC000}), 2);
        assertArrayEquals(new double[] {1.5, -2.0}, t.toDoubles());
    }
}
