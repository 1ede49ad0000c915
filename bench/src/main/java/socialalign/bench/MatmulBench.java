package socialalign.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;

/**
 * {@code C = A B} on the CPU backend, A {@code [M, K]} and B {@code [K, N]} row-major as numpy's {@code a @ b},
 * or B as a transposed {@code [N, K]} weight ({@code layout=weight}, how a Linear layer multiplies).
 * GFLOP/s = 2 M N K / time; {@code bench/compare-matmul.sh} turns the JMH result into that table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap sized and touched before timing: a heap that grows while measured faults in huge pages (with the kernel
// compacting memory for them) in the middle of the timing; 1024^3 went from 10 to 19 ms a call over three iterations.
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages",
        "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MatmulBench {
    /** {@code MxKxN}. */
    @Param({"1024x1024x1024", "2048x2048x2048", "4096x4096x4096",
            "1x896x896", "16x896x896", "128x896x896", "512x896x896",
            "1x896x4864", "16x896x4864", "128x896x4864", "512x896x4864",
            "1x4864x896", "16x4864x896", "128x4864x896", "512x4864x896"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"rowmajor"})
    public String layout;

    private CpuBackend cpu;
    private Tensor a, b;

    @Setup(Level.Trial)
    public void setup() {
        String[] mkn = shape.split("x");
        int m = Integer.parseInt(mkn[0]), k = Integer.parseInt(mkn[1]), n = Integer.parseInt(mkn[2]);
        cpu = new CpuBackend(threads);
        SplittableRandom r = new SplittableRandom(42);
        a = cpu.fromFloats(random(r, m * k), m, k);
        b = layout.equals("weight") ? cpu.fromFloats(random(r, n * k), n, k).transpose(0, 1) : cpu.fromFloats(random(r, k * n), k, n);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-1, 1);
        return v;
    }

    @Benchmark
    public Tensor matmul() {
        return cpu.matmul(a, b, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cpu.close();
    }
}
