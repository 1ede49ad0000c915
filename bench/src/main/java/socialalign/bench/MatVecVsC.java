package socialalign.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import socialalign.engine.LowPrecision;
import socialalign.engine.Tensor;
import socialalign.engine.WeightFormat;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.safetensors.HugePages;

/**
 * Decoding's matrix-vector product, ours against llama.cpp's loops in C on the same weights, in one process:
 * {@code MatVecVsC LIB F32|BF16 ROWS COLS [ROUNDS=30]}, LIB the library {@code bench/kernels/compare-matvec.sh} builds
 * from {@code bench/kernels/matvec.c}. Java multiplies x by the weight laid out for decoding (ColumnTiles), through
 * {@code CpuBackend.matmul} on one thread as a Linear layer does; C reads a row-major copy of the same values through
 * the FFM API. Both copies live on huge pages. The sides alternate round by round (this machine's speed drifts
 * within minutes) and the first fifth of the rounds warms up. Prints one line of key=value: each side's median GB/s
 * of weights streamed, the ratio Java/C, and the largest difference of the results relative to the largest output.
 */
public final class MatVecVsC {

    private MatVecVsC() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: MatVecVsC LIB F32|BF16 ROWS COLS [ROUNDS=30]");
            System.exit(2);
        }
        WeightFormat format = WeightFormat.valueOf(args[1].toUpperCase(Locale.ROOT));
        int rows = Integer.parseInt(args[2]), cols = Integer.parseInt(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        long bytes = (long) rows * cols * format.bytes;

        MemorySegment rowMajor = HugePages.allocate(bytes), tiled = HugePages.allocate(bytes);
        SplittableRandom random = new SplittableRandom(1);
        for (long i = 0; i < (long) rows * cols; i++) {
            float v = (float) (random.nextGaussian() * 0.02);
            if (format == WeightFormat.F32) rowMajor.setAtIndex(F32, i, v);
            else rowMajor.setAtIndex(BF16, i, LowPrecision.floatToBf16(v));
        }
        tiled.copyFrom(rowMajor);
        CpuBackend cpu = new CpuBackend(1);
        Tensor weightT = cpu.wrapForDecoding(tiled, format, rows, cols).transpose(0, 1);
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) x[i] = (float) random.nextGaussian();
        Tensor xs = cpu.fromFloats(x, 1, cols);

        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(args[0]), Arena.global());
        Arena arena = Arena.ofConfined();
        MemorySegment cx = arena.allocate(4L * cols, 64), cy = arena.allocate(4L * rows, 64), cxb = arena.allocate(2L * cols, 64);
        MemorySegment.copy(x, 0, cx, F32, 0, cols);
        MethodHandle kernel = format == WeightFormat.F32
                ? linker.downcallHandle(lib.find("matvec_f32").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT))
                : linker.downcallHandle(lib.find("matvec_bf16").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

        List<Double> javaRates = new ArrayList<>(), cRates = new ArrayList<>();
        Tensor yJava = null;
        for (int round = 0; round < rounds; round++) {
            for (int side = 0; side < 2; side++) {
                boolean javaSide = (side + round) % 2 == 0;
                long t0 = System.nanoTime();
                if (javaSide) {
                    yJava = cpu.matmul(xs, weightT, null);
                } else if (format == WeightFormat.F32) {
                    kernel.invokeExact(rowMajor, cx, cy, (long) rows, cols);
                } else {
                    kernel.invokeExact(rowMajor, cx, cxb, cy, (long) rows, cols);
                }
                double gbs = bytes / ((System.nanoTime() - t0) / 1e9) / 1e9;
                if (round >= rounds / 5) (javaSide ? javaRates : cRates).add(gbs);
            }
        }
        float[] y = yJava.toFloats();
        double worst = 0, scale = 0;
        for (int i = 0; i < rows; i++) {
            float yc = cy.getAtIndex(F32, i);
            worst = Math.max(worst, Math.abs(y[i] - yc));
            scale = Math.max(scale, Math.abs(yc));
        }
        double j = median(javaRates), n = median(cRates);
        System.out.printf(Locale.ROOT, "format=%s rows=%d cols=%d java_gbs=%.2f c_gbs=%.2f java_over_c=%.3f max_rel_diff=%.1e%n",
                format, rows, cols, j, n, j / n, worst / scale);
    }

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
