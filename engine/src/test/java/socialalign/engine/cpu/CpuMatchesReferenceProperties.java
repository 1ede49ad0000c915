package socialalign.engine.cpu;

import static socialalign.engine.Tensors.assertClose;
import static socialalign.engine.Tensors.uniform;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import socialalign.engine.Backend;
import socialalign.engine.LowPrecision;
import socialalign.engine.Tensor;
import socialalign.engine.WeightFormat;
import socialalign.engine.reference.ReferenceBackend;

/**
 * Every CPU kernel against the scalar double-precision reference, on random shapes that are mostly not
 * multiples of the vector width, with one and two worker threads.
 */
class CpuMatchesReferenceProperties {
    private static final CpuBackend ONE = new CpuBackend(1), TWO = new CpuBackend(2);
    private static final ReferenceBackend REF = ReferenceBackend.INSTANCE;
    private static final double RTOL = 2e-5, ATOL = 2e-6;

    private static CpuBackend cpu(long seed) {
        return (seed & 1) == 0 ? ONE : TWO;
    }

    private static Tensor input(SplittableRandom r, int... shape) {
        return uniform(REF, r, -2, 2, shape);
    }

    private static int[] drop(SplittableRandom r, int[] shape) {
        // A broadcastable partner: some leading dimensions dropped, some sizes set to 1.
        int lead = r.nextInt(shape.length + 1);
        int[] s = Arrays.copyOfRange(shape, lead, shape.length);
        for (int i = 0; i < s.length; i++) if (r.nextInt(3) == 0) s[i] = 1;
        return s;
    }

    @Property(tries = 60)
    void matmul(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 300) int k,
                @ForAll @IntRange(min = 1, max = 90) int n, @ForAll @IntRange(min = 1, max = 3) int batch,
                @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean bias, @ForAll boolean shareB, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor a = transA ? input(r, batch, k, m).transpose(-1, -2) : input(r, batch, m, k);
        Tensor b = shareB ? (transB ? input(r, n, k).transpose(0, 1) : input(r, k, n))
                : (transB ? input(r, batch, n, k).transpose(-1, -2) : input(r, batch, k, n));
        Tensor c = bias ? input(r, n) : null;
        CpuBackend cpu = cpu(seed);
        Tensor expected = REF.matmul(a, b, c);
        Tensor actual = cpu.matmul(a.to(cpu), b.to(cpu), c == null ? null : c.to(cpu));
        assertClose("matmul", actual, expected, 1e-4, 1e-5 * k);
    }

    @Property(tries = 3)
    void matmulAcrossCacheBlocks(@ForAll boolean transB, @ForAll long seed) {
        // Crosses MC (144 rows), KC (256) and NC (512 columns) with ragged edges.
        SplittableRandom r = new SplittableRandom(seed);
        Tensor a = input(r, 151, 263), b = transB ? input(r, 529, 263).transpose(0, 1) : input(r, 263, 529);
        Tensor actual = TWO.matmul(a.to(TWO), b.to(TWO), null);
        assertClose("matmul", actual, REF.matmul(a, b, null), 1e-4, 3e-3);
    }

    /** Values as a little-endian segment in {@code format}; the returned reference tensor holds exactly those values. */
    private static Tensor offHeap(CpuBackend cpu, Tensor values, WeightFormat format, Tensor[] reference) {
        return offHeap(cpu, values, format, reference, false);
    }

    private static Tensor offHeap(CpuBackend cpu, Tensor values, WeightFormat format, Tensor[] reference, boolean forDecoding) {
        double[] v = values.toDoubles();
        MemorySegment segment = Arena.ofAuto().allocate((long) v.length * format.bytes, 8);
        double[] stored = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (format == WeightFormat.F32) {
                segment.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, (float) v[i]);
                stored[i] = (float) v[i];
            } else {
                short bits = LowPrecision.floatToBf16((float) v[i]);
                segment.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, bits);
                stored[i] = LowPrecision.bf16ToFloat(bits);
            }
        }
        reference[0] = REF.fromDoubles(stored, values.shape());
        return forDecoding ? cpu.wrapForDecoding(segment, format, values.shape()) : cpu.wrap(segment, format, values.shape());
    }

    /**
     * A weight laid out for decoding ({@link ColumnTiles}) reads as the same row-major matrix. Products with up to
     * TILE_PASS_ROWS rows against it transposed (decoding, short prompts) sum each dot product as one chain of fused
     * multiply-adds in column order, exactly; with more than SKINNY_ROWS rows (the row-major weight packed too) they
     * give exactly what the row-major weight gives, and in between what the reference gives. Products against it
     * untransposed, the embedding of its rows and a widened copy give exactly what the row-major weight gives; a view
     * of some of its rows, what the reference gives.
     */
    @Property(tries = 30)
    void weightsLaidOutForDecodingReadAsRowMajor(@ForAll @IntRange(min = 1, max = 3) int tiles, @ForAll @IntRange(min = 1, max = 70) int cols,
                                                  @ForAll @IntRange(min = 1, max = 40) int m, @ForAll boolean bf16, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CpuBackend cpu = cpu(seed);
        WeightFormat format = bf16 ? WeightFormat.BF16 : WeightFormat.F32;
        int rows = ColumnTiles.rows(format) * tiles;
        Tensor values = input(r, rows, cols);
        Tensor[] expected = new Tensor[1];
        Tensor plain = offHeap(cpu, values, format, expected), laidOut = offHeap(cpu, values, format, expected, true);
        Tensor x = input(r, m, cols), a = x.to(cpu), byRows = input(r, m, rows).to(cpu);
        Tensor product = cpu.matmul(a, laidOut.transpose(0, 1), null);
        if (m <= Gemm.TILE_PASS_ROWS) assertClose("tile passes", product, fmaChains(x, expected[0]), 0, 0);
        else if (m > Gemm.SKINNY_ROWS) assertClose("packed", product, cpu.matmul(a, plain.transpose(0, 1), null), 0, 0);
        assertClose("vs reference", product, REF.matmul(x, expected[0].transpose(0, 1), null), 1e-4, 1e-5 * cols);
        assertClose("untransposed", cpu.matmul(byRows, laidOut, null), cpu.matmul(byRows, plain, null), 0, 0);
        int from = r.nextInt(rows), to = from + 1 + r.nextInt(rows - from);
        // A view is read through a row-major copy, summed in another order.
        assertClose("rows " + from + ".." + to, cpu.matmul(a, laidOut.slice(0, from, to).transpose(0, 1), null),
                REF.matmul(x, expected[0].slice(0, from, to).transpose(0, 1), null), 1e-4, 1e-5 * cols);
        int[] ids = r.ints(1 + r.nextInt(9), 0, rows).toArray();
        assertClose("embedding", cpu.embedding(laidOut, ids), REF.embedding(expected[0], ids), 0, 0);
        assertClose("widened copy", cpu.contiguous(laidOut), expected[0], 0, 0);
    }

    /** {@code x w^T} with each element {@code fma(x[i, p], w[j, p], ...)} over p = 0, 1, ... in float32, from 0. */
    private static Tensor fmaChains(Tensor x, Tensor w) {
        int m = x.size(0), n = w.size(0), k = x.size(1);
        double[] xs = x.toDoubles(), ws = w.toDoubles(), out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) sum = Math.fma((float) xs[i * k + p], (float) ws[j * k + p], sum);
                out[i * n + j] = sum;
            }
        }
        return REF.fromDoubles(out, m, n);
    }

    /** Each tile column after column; in bfloat16, row i of a run of 2L in short 2i, row L + i in short 2i + 1. */
    @Property(tries = 10)
    void theDecodingLayoutStoresEachTileColumnAfterColumn(@ForAll @IntRange(min = 1, max = 3) int tiles, @ForAll @IntRange(min = 1, max = 9) int cols,
                                                          @ForAll boolean bf16) {
        WeightFormat format = bf16 ? WeightFormat.BF16 : WeightFormat.F32;
        int t = ColumnTiles.rows(format), rows = t * tiles, l = Gemm.L;
        MemorySegment matrix = Arena.ofAuto().allocate((long) format.bytes * rows * cols, 8);
        for (int i = 0; i < rows * cols; i++) {
            if (bf16) matrix.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) i);
            else matrix.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
        }
        ColumnTiles.arrange(matrix, rows, cols, format);
        ColumnTiles layout = new ColumnTiles(cols, format);
        for (int i = 0; i < rows * cols; i++) {
            int row = i / cols, col = i % cols, inRun = row % (2 * l);
            int slot = !bf16 ? row % t : row % t - inRun + (inRun < l ? 2 * inRun : 2 * (inRun - l) + 1);
            long at = (long) (row / t) * t * cols + (long) col * t + slot;
            double stored = bf16 ? matrix.getAtIndex(ValueLayout.JAVA_SHORT, at) : matrix.getAtIndex(ValueLayout.JAVA_FLOAT, at);
            if (layout.at(i) != at || stored != (bf16 ? (short) i : i)) {
                throw new AssertionError("element (" + row + ", " + col + ") stored at " + layout.at(i) + ", expected " + at);
            }
        }
    }

    @Property(tries = 40)
    void matmulWithWeightsOffTheHeap(@ForAll @IntRange(min = 1, max = 30) int m, @ForAll @IntRange(min = 1, max = 70) int k,
                                     @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 3) int batch,
                                     @ForAll boolean bf16, @ForAll boolean transB, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CpuBackend cpu = cpu(seed);
        // Batches of A against one weight (decoding several sequences); one batch stays a plain matrix.
        Tensor a = batch == 1 ? input(r, m, k) : input(r, batch, m, k);
        Tensor[] expectedB = new Tensor[1];
        // A Linear weight is [out, in] and multiplies transposed; a row-major B is read through a copy.
        Tensor stored = offHeap(cpu, input(r, transB ? n : k, transB ? k : n), bf16 ? WeightFormat.BF16 : WeightFormat.F32, expectedB);
        Tensor b = transB ? stored.transpose(0, 1) : stored, refB = transB ? expectedB[0].transpose(0, 1) : expectedB[0];
        assertClose("matmul off-heap", cpu.matmul(a.to(cpu), b, null), REF.matmul(a, refB, null), 1e-4, 1e-5 * k);
    }

    /** Decoding's path: one row of A per batch against a Linear weight off the heap, K across the 2L-element blocks. */
    @Property(tries = 40)
    void singleRowProductsWithWeightsOffTheHeap(@ForAll @IntRange(min = 1, max = 100) int k, @ForAll @IntRange(min = 1, max = 40) int n,
                                                @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll boolean bf16, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CpuBackend cpu = cpu(seed);
        Tensor a = batch == 1 ? input(r, 1, k) : input(r, batch, 1, k);
        Tensor[] expectedB = new Tensor[1];
        Tensor stored = offHeap(cpu, input(r, n, k), bf16 ? WeightFormat.BF16 : WeightFormat.F32, expectedB);
        assertClose("single-row matmul off-heap", cpu.matmul(a.to(cpu), stored.transpose(0, 1), null),
                REF.matmul(a, expectedB[0].transpose(0, 1), null), 1e-4, 1e-5 * k);
    }

    @Property(tries = 20)
    void embeddingOffTheHeap(@ForAll @IntRange(min = 1, max = 20) int vocab, @ForAll @IntRange(min = 1, max = 40) int dim,
                             @ForAll boolean bf16, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CpuBackend cpu = cpu(seed);
        Tensor[] expected = new Tensor[1];
        Tensor table = offHeap(cpu, input(r, vocab, dim), bf16 ? WeightFormat.BF16 : WeightFormat.F32, expected);
        int[] ids = r.ints(1 + r.nextInt(9), 0, vocab).toArray();
        assertClose("embedding off-heap", cpu.embedding(table, ids), REF.embedding(expected[0], ids), 0, 0);
        assertClose("widened copy", cpu.contiguous(table.transpose(0, 1)), expected[0].transpose(0, 1).contiguous(), 0, 0);
    }

    @Property(tries = 40)
    void broadcastingArithmetic(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll @IntRange(min = 0, max = 3) int op, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = 1 + r.nextInt(37);
        Tensor a = input(r, shape), b = uniform(REF, r, 0.5, 2, drop(r, shape));
        if (r.nextBoolean()) {
            Tensor t = a;
            a = b;
            b = t;
        }
        CpuBackend cpu = cpu(seed);
        Tensor ca = a.to(cpu), cb = b.to(cpu);
        switch (op) {
            case 0 -> assertClose("add", cpu.add(ca, cb), REF.add(a, b), RTOL, ATOL);
            case 1 -> assertClose("sub", cpu.sub(ca, cb), REF.sub(a, b), RTOL, ATOL);
            case 2 -> assertClose("mul", cpu.mul(ca, cb), REF.mul(a, b), RTOL, ATOL);
            default -> assertClose("div", cpu.div(ca, cb), REF.div(a, b), RTOL, 1e-5);
        }
    }

    @Property(tries = 30)
    void elementwiseFunctionsAndTheirDerivatives(@ForAll @IntRange(min = 1, max = 5000) int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = uniform(REF, r, -9, 9, n), dy = input(r, n), positive = uniform(REF, r, 1e-3, 50, n);
        CpuBackend cpu = cpu(seed);
        Tensor cx = x.to(cpu), cdy = dy.to(cpu);
        assertClose("scale", cpu.scale(cx, -0.37), REF.scale(x, -0.37), RTOL, ATOL);
        assertClose("exp", cpu.exp(cx), REF.exp(x), RTOL, ATOL);
        assertClose("log", cpu.log(positive.to(cpu)), REF.log(positive), RTOL, ATOL);
        assertClose("silu", cpu.silu(cx), REF.silu(x), RTOL, ATOL);
        assertClose("gelu", cpu.gelu(cx), REF.gelu(x), RTOL, ATOL);
        assertClose("siluBackward", cpu.siluBackward(cx, cdy), REF.siluBackward(x, dy), RTOL, ATOL);
        assertClose("geluBackward", cpu.geluBackward(cx, cdy), REF.geluBackward(x, dy), RTOL, ATOL);
    }

    @Property(tries = 30)
    void rowOps(@ForAll @IntRange(min = 1, max = 9) int rows, @ForAll @IntRange(min = 1, max = 150) int width, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = uniform(REF, r, -6, 6, rows, width), dy = input(r, rows, width), w = input(r, width);
        CpuBackend cpu = cpu(seed);
        Tensor cx = x.to(cpu), cdy = dy.to(cpu), cw = w.to(cpu);
        Tensor y = REF.softmax(x), ly = REF.logSoftmax(x);
        assertClose("softmax", cpu.softmax(cx), y, RTOL, ATOL);
        assertClose("logSoftmax", cpu.logSoftmax(cx), ly, RTOL, ATOL);
        assertClose("softmaxBackward", cpu.softmaxBackward(y.to(cpu), cdy), REF.softmaxBackward(y, dy), RTOL, ATOL);
        assertClose("logSoftmaxBackward", cpu.logSoftmaxBackward(ly.to(cpu), cdy), REF.logSoftmaxBackward(ly, dy), RTOL, 1e-5);
        assertClose("rmsNorm", cpu.rmsNorm(cx, cw, 1e-6), REF.rmsNorm(x, w, 1e-6), RTOL, ATOL);
        var g = cpu.rmsNormBackward(cx, cw, 1e-6, cdy);
        var e = REF.rmsNormBackward(x, w, 1e-6, dy);
        assertClose("rmsNormBackward dx", g.first(), e.first(), 1e-4, 1e-5);
        assertClose("rmsNormBackward dw", g.second(), e.second(), 1e-4, 1e-5);
        for (int dim = 0; dim < 2; dim++) {
            assertClose("sum", cpu.sum(cx, dim, dim == 0), REF.sum(x, dim, dim == 0), RTOL, 1e-5);
        }
        assertClose("sumOfSquares", new double[] {cpu.sumOfSquares(cx)}, new double[] {REF.sumOfSquares(x)}, 1e-6, 0);
        int[] am = cpu.argmax(cx), em = REF.argmax(x);
        org.junit.jupiter.api.Assertions.assertArrayEquals(em, am);
    }

    @Property(tries = 30)
    void ropeAndItsInverse(@ForAll @IntRange(min = 1, max = 3) int heads, @ForAll @IntRange(min = 1, max = 11) int t,
                           @ForAll @IntRange(min = 1, max = 20) int halfDim, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = input(r, 2, heads, t, 2 * halfDim);
        int[] positions = new int[t];
        for (int i = 0; i < t; i++) positions[i] = r.nextInt(300);
        CpuBackend cpu = cpu(seed);
        for (boolean inverse : new boolean[] {false, true}) {
            assertClose("rope", cpu.rope(x.to(cpu), positions, 10000, inverse), REF.rope(x, positions, 10000, inverse), 1e-4, 1e-4);
        }
    }

    @Property(tries = 30)
    void embeddingAndMaskedFill(@ForAll @IntRange(min = 1, max = 20) int vocab, @ForAll @IntRange(min = 1, max = 40) int dim, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor table = input(r, vocab, dim);
        int[] ids = r.ints(1 + r.nextInt(12), 0, vocab).toArray(); // repeats likely: backward must add them up
        Tensor dy = input(r, ids.length, dim);
        CpuBackend cpu = cpu(seed);
        assertClose("embedding", cpu.embedding(table.to(cpu), ids), REF.embedding(table, ids), 0, 0);
        assertClose("embeddingBackward", cpu.embeddingBackward(dy.to(cpu), ids, vocab), REF.embeddingBackward(dy, ids, vocab), RTOL, ATOL);
        Tensor mask = REF.fromDoubles(r.doubles(dim).map(v -> v < 0.3 ? 1 : 0).toArray(), dim);
        assertClose("maskedFill", cpu.maskedFill(table.to(cpu), mask.to(cpu), -1e9), REF.maskedFill(table, mask, -1e9), 0, 0);
    }

    @Property(tries = 40)
    void attentionAndItsBackward(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 3) int kvHeads,
                                 @ForAll @IntRange(min = 1, max = 3) int group, @ForAll @IntRange(min = 1, max = 9) int t,
                                 @ForAll @IntRange(min = 0, max = 5) int cached, @ForAll @IntRange(min = 1, max = 37) int d,
                                 @ForAll boolean causal, @ForAll boolean cacheWindow, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int s = t + cached;
        CpuBackend cpu = cpu(seed);
        Tensor q = input(r, batch, kvHeads * group, t, d), k = input(r, batch, kvHeads, s, d), v = input(r, batch, kvHeads, s, d);
        Tensor ck = k.to(cpu), cv = v.to(cpu);
        if (cacheWindow) {
            // Keys and values as the first S rows of a larger cache buffer, as during decoding.
            Tensor kBuffer = input(r, batch, kvHeads, s + 3, d).to(cpu), vBuffer = input(r, batch, kvHeads, s + 5, d).to(cpu);
            ck = kBuffer.slice(2, 0, s);
            cv = vBuffer.slice(2, 0, s);
            k = ck.to(REF);
            v = cv.to(REF);
        }
        Tensor dOut = input(r, batch, kvHeads * group, t, d);
        double scale = 1 / Math.sqrt(d);
        Backend.Attention expected = REF.attention(q, k, v, scale, causal);
        Backend.Attention actual = cpu.attention(q.to(cpu), ck, cv, scale, causal);
        assertClose("attention out", actual.out(), expected.out(), 1e-4, 1e-5);
        assertClose("attention logSumExp", actual.logSumExp(), expected.logSumExp(), 1e-5, 1e-5);
        var e = REF.attentionBackward(q, k, v, expected, dOut, scale, causal);
        var g = cpu.attentionBackward(q.to(cpu), ck, cv, actual, dOut.to(cpu), scale, causal);
        assertClose("attention dq", g.first(), e.first(), 1e-4, 1e-4);
        assertClose("attention dk", g.second(), e.second(), 1e-4, 1e-4);
        assertClose("attention dv", g.third(), e.third(), 1e-4, 1e-4);
    }

    @Property(tries = 12)
    void attentionWithManyQueriesGoesThroughMatrixProducts(@ForAll @IntRange(min = 1, max = 2) int kvHeads,
                                                           @ForAll @IntRange(min = 1, max = 2) int group,
                                                           @ForAll @IntRange(min = 32, max = 61) int t,
                                                           @ForAll @IntRange(min = 0, max = 7) int cached,
                                                           @ForAll @IntRange(min = 1, max = 37) int d,
                                                           @ForAll boolean causal, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CpuBackend cpu = cpu(seed);
        int s = t + cached;
        Tensor q = input(r, 1, kvHeads * group, t, d), k = input(r, 1, kvHeads, s, d), v = input(r, 1, kvHeads, s, d);
        Tensor dOut = input(r, 1, kvHeads * group, t, d);
        double scale = 1 / Math.sqrt(d);
        Backend.Attention expected = REF.attention(q, k, v, scale, causal);
        Backend.Attention actual = cpu.attention(q.to(cpu), k.to(cpu), v.to(cpu), scale, causal);
        assertClose("attention out", actual.out(), expected.out(), 1e-4, 1e-5);
        assertClose("attention logSumExp", actual.logSumExp(), expected.logSumExp(), 1e-5, 1e-5);
        var e = REF.attentionBackward(q, k, v, expected, dOut, scale, causal);
        var g = cpu.attentionBackward(q.to(cpu), k.to(cpu), v.to(cpu), actual, dOut.to(cpu), scale, causal);
        assertClose("attention dq", g.first(), e.first(), 1e-4, 1e-4);
        assertClose("attention dk", g.second(), e.second(), 1e-4, 1e-4);
        assertClose("attention dv", g.third(), e.third(), 1e-4, 1e-4);
    }

    @Property(tries = 30)
    void concatAlongAnyDimension(@ForAll @IntRange(min = 0, max = 2) int dim, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] shape = {1 + r.nextInt(5), 1 + r.nextInt(5), 1 + r.nextInt(21)};
        int[] other = shape.clone();
        other[dim] = 1 + r.nextInt(6);
        Tensor a = input(r, shape), b = input(r, other).transpose(0, 1).contiguous().transpose(0, 1);
        CpuBackend cpu = cpu(seed);
        assertClose("concat", cpu.concat(List.of(a.to(cpu), b.to(cpu)), dim), REF.concat(List.of(a, b), dim), 0, 0);
    }

    @Property(tries = 30)
    void crossEntropyWithIgnoredTargets(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 2, max = 300) int vocab, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor logits = uniform(REF, r, -8, 8, n, vocab);
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = i > 0 && r.nextInt(4) == 0 ? -100 : r.nextInt(vocab);
        CpuBackend cpu = cpu(seed);
        var expected = REF.crossEntropy(logits, targets, -100);
        var actual = cpu.crossEntropy(logits.to(cpu), targets, -100);
        assertClose("crossEntropy", new double[] {actual.loss()}, new double[] {expected.loss()}, 1e-5, 1e-6);
        // Each probability is exp(z - lse) with lse in float32 (|lse| up to 8 + ln 300, ulp ~1e-6): near p = 1, the
        // target's p - 1 carries that absolute error, times dLoss / counted.
        assertClose("crossEntropyBackward", cpu.crossEntropyBackward(logits.to(cpu), actual, targets, -100, 0.7),
                REF.crossEntropyBackward(logits, expected, targets, -100, 0.7), 1e-4, 0.7 * 1e-6);
    }

    @Property(tries = 20)
    void inPlaceUpdates(@ForAll @IntRange(min = 1, max = 3000) int n, @ForAll @IntRange(min = 1, max = 50) int step, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor p = input(r, n), g = input(r, n), m = input(r, n), v = uniform(REF, r, 0, 1, n);
        CpuBackend cpu = cpu(seed);
        Tensor cp = p.to(cpu), cm = m.to(cpu), cv = v.to(cpu);
        var hyper = new Backend.AdamWHyper(1e-2, 0.9, 0.999, 1e-8, 0.01);
        REF.adamW(p, g, m, v, hyper, step);
        cpu.adamW(cp, g.to(cpu), cm, cv, hyper, step);
        assertClose("adamW param", cp, p, 1e-5, 1e-6);
        assertClose("adamW m", cm, m, 1e-5, 1e-6);
        assertClose("adamW v", cv, v, 1e-5, 1e-6);
        REF.addInPlace(p, g, -0.3);
        cpu.addInPlace(cp, g.to(cpu), -0.3);
        assertClose("addInPlace", cp, p, 1e-5, 1e-6);
        REF.scaleInPlace(p, 0.7);
        cpu.scaleInPlace(cp, 0.7);
        assertClose("scaleInPlace", cp, p, 1e-5, 1e-6);
    }
}
