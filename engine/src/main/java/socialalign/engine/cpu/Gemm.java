package socialalign.engine.cpu;

import static socialalign.engine.cpu.FloatSource.HIGH_HALF;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply {@code C += A B} for the CPU backend, with the Vector API.
 *
 * <p>Large products follow the BLIS/GotoBLAS design: blocks of A ({@code MC x KC}) and B ({@code KC x NC})
 * are packed into contiguous panels so that a register-blocked micro-kernel ({@code MR x NR}, twelve vector
 * accumulators) streams them from L1/L2. Products with few rows of A (decoding, small batches) are
 * memory-bound: packing B would double its traffic, so they read B where it lies.
 *
 * <p>C is row-major and already holds the bias (or zeros); every kernel accumulates into it.
 */
final class Gemm {
    private Gemm() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 6, NR = 2 * L;
    static final int KC = 256, MC = 24 * MR, NC = 32 * NR;
    /** At most this many rows of A take the unpacked path. */
    static final int SKINNY_ROWS = 16;
    /**
     * With B in {@link ColumnTiles}, at most this many: each row of A passes over every tile (from cache after the
     * first), and beyond 8 rows packing the tiles costs less (bench/README.md, decoding, session 5).
     */
    static final int TILE_PASS_ROWS = 8;

    /**
     * A matrix operand: element (row, col) of batch b lies at index {@code offset + b*batchStride + row*rowStride +
     * col*colStride} of {@code source}. A is always on the heap; B may be weights off the heap (F32 or BF16).
     */
    record Operand(FloatSource source, int offset, int batchStride, int rowStride, int colStride) {
        float[] data() {
            return source.heap;
        }

        float at(int b, int row, int col) {
            return source.heap[offset + b * batchStride + row * rowStride + col * colStride];
        }
    }

    private static final ThreadLocal<float[][]> PACK = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR], new float[2 * L]});

    /** For products inside a task that already runs on a worker: everything on the calling thread. */
    static final Parallel SERIAL = new Parallel(1);

    /** {@code C[b] += A[b] B[b]} for every batch b; C row-major {@code [batch, m, n]}. */
    static void multiply(Parallel par, int batch, int m, int n, int k, Operand a, Operand b, float[] c) {
        if (m == 0 || n == 0 || k == 0) return;
        if (m <= (b.source().tiles != null ? TILE_PASS_ROWS : SKINNY_ROWS)) {
            multiplySkinny(par, batch, m, n, k, a, b, c);
            return;
        }
        int mBlocks = (m + MC - 1) / MC;
        // Narrower column blocks when there are too few blocks to keep every worker busy (one row block, say).
        // One thread gains nothing from more tasks: each would pack B again.
        int tasksWanted = par.threads() == 1 ? 1 : 2 * par.threads(), nc = NC;
        if ((long) batch * mBlocks * ((n + NC - 1) / NC) < tasksWanted) {
            int perTask = (n + tasksWanted - 1) / tasksWanted;
            nc = Math.min(NC, Math.max(NR, (perTask + NR - 1) / NR * NR));
        }
        int width = nc, nBlocks = (n + nc - 1) / nc;
        // A task packs each KC x nc block of B once and sweeps it over a group of row blocks; rows are split
        // into several groups only when there are too few column blocks to keep every thread busy.
        int groups = Math.min(mBlocks, Math.max(1, (tasksWanted + batch * nBlocks - 1) / (batch * nBlocks)));
        int rowsPerGroup = (mBlocks + groups - 1) / groups * MC;
        par.forEach(batch * nBlocks * groups, task -> {
            int bt = task / (nBlocks * groups), rest = task % (nBlocks * groups);
            int jc = (rest / groups) * width, from = (rest % groups) * rowsPerGroup, to = Math.min(m, from + rowsPerGroup);
            if (from < to) columnBlock(bt, from, to, jc, Math.min(width, n - jc), k, n, a, b, c, bt * m * n);
        });
    }

    /** Rows [from, to) of the {@code nc} columns of C from jc, over the whole depth in steps of KC. */
    private static void columnBlock(int bt, int from, int to, int jc, int nc, int k, int ldc, Operand a, Operand b, float[] c, int cBase) {
        float[][] buffers = PACK.get();
        float[] aPack = buffers[0], bPack = buffers[1], tile = buffers[2];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(b, bt, pc, kc, jc, nc, bPack, buffers[3]);
            for (int ic = from; ic < to; ic += MC) {
                int mc = Math.min(MC, to - ic);
                packA(a, bt, ic, mc, pc, kc, aPack);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int cAt = cBase + (ic + ir) * ldc + jc + jr;
                        if (mr == MR && nr == NR) {
                            kernel(aPack, ir * kc, bPack, jr * kc, kc, c, cAt, ldc);
                        } else {
                            java.util.Arrays.fill(tile, 0f);
                            kernel(aPack, ir * kc, bPack, jr * kc, kc, tile, 0, NR);
                            for (int i = 0; i < mr; i++)
                                for (int j = 0; j < nr; j++) c[cAt + i * ldc + j] += tile[i * NR + j];
                        }
                    }
                }
            }
        }
    }

    /** Panels of MR rows: {@code aPack[panel*MR*kc + p*MR + i] = A[ic + panel*MR + i, pc + p]}, zero-padded. */
    private static void packA(Operand a, int bt, int ic, int mc, int pc, int kc, float[] aPack) {
        float[] src = a.data();
        int origin = a.offset() + bt * a.batchStride() + pc * a.colStride();
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc, mr = Math.min(MR, mc - ir), row = origin + (ic + ir) * a.rowStride();
            if (mr == MR && a.colStride() == 1) {
                // Six rows read side by side, the panel written in order.
                int r0 = row, r1 = r0 + a.rowStride(), r2 = r1 + a.rowStride(), r3 = r2 + a.rowStride(), r4 = r3 + a.rowStride(), r5 = r4 + a.rowStride();
                for (int p = 0, at = base; p < kc; p++, at += MR) {
                    aPack[at] = src[r0 + p];
                    aPack[at + 1] = src[r1 + p];
                    aPack[at + 2] = src[r2 + p];
                    aPack[at + 3] = src[r3 + p];
                    aPack[at + 4] = src[r4 + p];
                    aPack[at + 5] = src[r5 + p];
                }
                continue;
            }
            if (mr == MR && a.rowStride() == 1) {
                // A transposed (a column view of a row-major matrix, as attention's backward takes P^T): the six
                // elements of each step p lie side by side.
                for (int p = 0, at = row, to = base; p < kc; p++, at += a.colStride(), to += MR) {
                    aPack[to] = src[at];
                    aPack[to + 1] = src[at + 1];
                    aPack[to + 2] = src[at + 2];
                    aPack[to + 3] = src[at + 3];
                    aPack[to + 4] = src[at + 4];
                    aPack[to + 5] = src[at + 5];
                }
                continue;
            }
            for (int i = 0; i < MR; i++) {
                int at = row + i * a.rowStride();
                for (int p = 0; p < kc; p++, at += a.colStride()) aPack[base + p * MR + i] = i < mr ? src[at] : 0f;
            }
        }
    }

    /**
     * Panels of NR columns: {@code bPack[panel*NR*kc + p*NR + j] = B[pc + p, jc + panel*NR + j]}, zero-padded;
     * {@code column} holds up to 2L elements on their way.
     */
    private static void packB(Operand b, int bt, int pc, int kc, int jc, int nc, float[] bPack, float[] column) {
        FloatSource any = b.source();
        for (int jr = 0; jr < nc; jr += NR) {
            int base = jr * kc, nr = Math.min(NR, nc - jr);
            int origin = b.offset() + bt * b.batchStride() + pc * b.rowStride() + (jc + jr) * b.colStride();
            if (nr == NR && any.tiles != null && b.rowStride() == 1) {
                // B^T in ColumnTiles: these NR columns of B are NR adjacent rows of one tile, side by side for each p.
                long at = any.storedAt(origin);
                for (int p = 0, to = base; p < kc; p++, at += any.tiles.rows(), to += NR) any.tileRows(at, bPack, to);
            } else if (nr == NR && any.tiles != null && b.colStride() == 1) {
                // A weight in ColumnTiles read untransposed (B[p, j] = W[p, j], backward's dX = dY W): column j's rows
                // run down each tile, taken 2L at a time from a multiple of 2L (pc and kc are: W's rows are whole tiles).
                for (int j = 0; j < NR; j++) {
                    for (int p = 0; p < kc; p += 2 * L) {
                        any.tileRows(any.storedAt(origin + j + (long) p * b.rowStride()), column, 0);
                        for (int q = 0; q < 2 * L; q++) bPack[base + (p + q) * NR + j] = column[q];
                    }
                }
            } else if (nr == NR && any.tiles == null && b.colStride() == 1) {
                for (int p = 0, at = origin, to = base; p < kc; p++, at += b.rowStride(), to += NR) {
                    any.stored(at).intoArray(bPack, to);
                    any.stored(at + L).intoArray(bPack, to + L);
                }
            } else if (nr == NR && b.rowStride() == 1 && any.kind == FloatSource.Kind.HEAP) {
                // B^T row-major on the heap (a Linear weight in training): each column read in order, written across.
                float[] w = any.heap;
                for (int j = 0; j < NR; j++) {
                    for (int p = 0, at = origin + j * b.colStride(), to = base + j; p < kc; p++, at++, to += NR) bPack[to] = w[at];
                }
            } else if (nr == NR && b.rowStride() == 1) {
                // B^T off the heap (a Linear weight, maybe BF16): each column a vector at a time.
                int vectorEnd = kc - kc % L;
                for (int j = 0; j < NR; j++) {
                    int at = origin + j * b.colStride();
                    for (int p = 0; p < vectorEnd; p += L) {
                        any.stored(at + p).intoArray(column, 0);
                        for (int q = 0; q < L; q++) bPack[base + (p + q) * NR + j] = column[q];
                    }
                    for (int p = vectorEnd; p < kc; p++) bPack[base + p * NR + j] = any.scalar(at + p);
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    int at = origin + j * b.colStride();
                    for (int p = 0; p < kc; p++, at += b.rowStride()) bPack[base + p * NR + j] = j < nr ? any.scalar(at) : 0f;
                }
            }
        }
    }

    /** The micro-kernel: {@code C[0..MR, 0..NR] += aPanel bPanel}, twelve accumulators held in registers. */
    private static void kernel(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Stored inline: handing vectors to a helper that is not inlined would box every accumulator.
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
        c11.add(FloatVector.fromArray(S, c, ci + ldc + L)).intoArray(c, ci + ldc + L);
        c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
        c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
        c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
        c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
    }

    // ---- few rows of A: memory-bound, B read in place ------------------------------------------------

    /**
     * Below this many multiply-adds a product runs on the calling thread: handing it out costs more than it saves. A
     * single row is memory-bound, several times the time per multiply-add of a compute-bound product, and a second
     * core brings its own bandwidth: it is handed out from an eighth of the work.
     */
    private static final long PARALLEL_WORK = 1L << 21, PARALLEL_WORK_ONE_ROW = 1L << 18;

    private static void multiplySkinny(Parallel workers, int batch, int m, int n, int k, Operand a, Operand b, float[] c) {
        long work = (long) batch * m * n * k;
        Parallel par = work < (m == 1 ? PARALLEL_WORK_ONE_ROW : PARALLEL_WORK) ? SERIAL : workers;
        boolean dotProducts = b.rowStride() == 1; // B^T row-major, e.g. a Linear weight [out, in]
        boolean decoding = dotProducts && m == 1, tiles = dotProducts && b.source().tiles != null;
        int grain = tiles ? b.source().tiles.rows() : dotProducts ? (decoding ? DECODE_COLUMNS : 4) : 4 * L;
        // A single row streams B best in one long run per thread; more rows balance better in smaller pieces.
        int pieces = dotProducts || m > 1 ? par.threads() * 4 : par.threads();
        int chunk = Math.max(grain, ((n + pieces - 1) / pieces + grain - 1) / grain * grain);
        int chunks = (n + chunk - 1) / chunk;
        float[] pairs = decoding && !tiles && b.source().kind == FloatSource.Kind.BF16 ? evenOdd(batch, k, a) : null;
        par.forEach(batch * chunks, task -> {
            int bt = task / chunks, from = (task % chunks) * chunk, to = Math.min(n, from + chunk);
            int cBase = bt * m * n;
            if (dotProducts) skinnyDot(bt, m, decoding, from, to, k, n, a, b, c, cBase, pairs);
            else skinnyAxpy(bt, m, from, to, k, n, a, b, c, cBase);
        });
    }

    /**
     * Rows of B per pass of the unpacked row-major path. A block of B (KB rows x 4 vectors) is read once from memory
     * and again from L1 by each further group of four rows of A: at 32 rows (8 KiB) it stays in L1 beside C's block
     * (bench/README.md: the 16-row shapes against OpenBLAS before and after the change from 128).
     */
    private static final int KB = 32;

    /**
     * Columns [from, to) of C when B's rows are contiguous: {@code C[i, :] += sum_p A[i, p] B[p, :]}, 4 rows x
     * 4 vectors at a time, in passes of KB rows of B.
     */
    private static void skinnyAxpy(int bt, int m, int from, int to, int k, int ldc, Operand a, Operand b, float[] c, int cBase) {
        float[] w = b.data();
        int bBase = b.offset() + bt * b.batchStride();
        if (m == 1) {
            axpyRows(bt, from, to, k, a, w, bBase, b.rowStride(), c, cBase);
            return;
        }
        int vectorEnd = from + (to - from) / (4 * L) * (4 * L);
        // Each pass's rows of A, four at a time, the four elements of a step side by side: the block's broadcasts read
        // one short run instead of four strided elements with their index arithmetic.
        float[] aPack = new float[(m + 3) / 4 * 4 * KB];
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            for (int i = 0; i < m; i += 4) {
                for (int p = p0, at = i * KB; p < p1; p++, at += 4) {
                    for (int r = 0; r < 4; r++) aPack[at + r] = i + r < m ? a.at(bt, i + r, p) : 0f;
                }
            }
            for (int j = from; j < vectorEnd; j += 4 * L) {
                for (int i = 0; i < m; i += 4) {
                    axpyBlock(aPack, i * KB, Math.min(4, m - i), j, p0, p1, w, bBase, b.rowStride(), c, cBase + i * ldc + j, ldc);
                }
            }
        }
        for (int j = vectorEnd; j < to; j++) {
            for (int i = 0; i < m; i++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc += a.at(bt, i, p) * w[bBase + p * b.rowStride() + j];
                c[cBase + i * ldc + j] += acc;
            }
        }
    }

    /** Rows i..i+rows (at most 4) of C, 4 vectors wide from column j, over rows [p0, p1) of B; rows beyond {@code rows} repeat row i and are dropped. */
    private static void axpyBlock(float[] ap, int apAt, int rows, int j, int p0, int p1, float[] w, int bBase, int ldb, float[] c, int cAt, int ldc) {
        FloatVector r00 = FloatVector.zero(S), r01 = r00, r02 = r00, r03 = r00;
        FloatVector r10 = r00, r11 = r00, r12 = r00, r13 = r00;
        FloatVector r20 = r00, r21 = r00, r22 = r00, r23 = r00;
        FloatVector r30 = r00, r31 = r00, r32 = r00, r33 = r00;
        for (int p = p0, x0 = apAt; p < p1; p++, x0 += 4) {
            int at = bBase + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, w, at), b1 = FloatVector.fromArray(S, w, at + L);
            FloatVector b2 = FloatVector.fromArray(S, w, at + 2 * L), b3 = FloatVector.fromArray(S, w, at + 3 * L);
            FloatVector x = FloatVector.broadcast(S, ap[x0]);
            r00 = x.fma(b0, r00); r01 = x.fma(b1, r01); r02 = x.fma(b2, r02); r03 = x.fma(b3, r03);
            x = FloatVector.broadcast(S, ap[x0 + 1]);
            r10 = x.fma(b0, r10); r11 = x.fma(b1, r11); r12 = x.fma(b2, r12); r13 = x.fma(b3, r13);
            x = FloatVector.broadcast(S, ap[x0 + 2]);
            r20 = x.fma(b0, r20); r21 = x.fma(b1, r21); r22 = x.fma(b2, r22); r23 = x.fma(b3, r23);
            x = FloatVector.broadcast(S, ap[x0 + 3]);
            r30 = x.fma(b0, r30); r31 = x.fma(b1, r31); r32 = x.fma(b2, r32); r33 = x.fma(b3, r33);
        }
        {
            int at0 = cAt;
            r00.add(FloatVector.fromArray(S, c, at0)).intoArray(c, at0);
            r01.add(FloatVector.fromArray(S, c, at0 + L)).intoArray(c, at0 + L);
            r02.add(FloatVector.fromArray(S, c, at0 + 2 * L)).intoArray(c, at0 + 2 * L);
            r03.add(FloatVector.fromArray(S, c, at0 + 3 * L)).intoArray(c, at0 + 3 * L);
        }
        if (rows > 1) {
            int at1 = cAt + ldc;
            r10.add(FloatVector.fromArray(S, c, at1)).intoArray(c, at1);
            r11.add(FloatVector.fromArray(S, c, at1 + L)).intoArray(c, at1 + L);
            r12.add(FloatVector.fromArray(S, c, at1 + 2 * L)).intoArray(c, at1 + 2 * L);
            r13.add(FloatVector.fromArray(S, c, at1 + 3 * L)).intoArray(c, at1 + 3 * L);
        }
        if (rows > 2) {
            int at2 = cAt + 2 * ldc;
            r20.add(FloatVector.fromArray(S, c, at2)).intoArray(c, at2);
            r21.add(FloatVector.fromArray(S, c, at2 + L)).intoArray(c, at2 + L);
            r22.add(FloatVector.fromArray(S, c, at2 + 2 * L)).intoArray(c, at2 + 2 * L);
            r23.add(FloatVector.fromArray(S, c, at2 + 3 * L)).intoArray(c, at2 + 3 * L);
        }
        if (rows > 3) {
            int at3 = cAt + 3 * ldc;
            r30.add(FloatVector.fromArray(S, c, at3)).intoArray(c, at3);
            r31.add(FloatVector.fromArray(S, c, at3 + L)).intoArray(c, at3 + L);
            r32.add(FloatVector.fromArray(S, c, at3 + 2 * L)).intoArray(c, at3 + 2 * L);
            r33.add(FloatVector.fromArray(S, c, at3 + 3 * L)).intoArray(c, at3 + 3 * L);
        }
    }

    /**
     * Columns [from, to) of the only row of C (decoding): {@code C += sum_p A[0, p] B[p, :]}, eight rows of B at a
     * time (far apart), each streamed in order across the columns, while the slice of C stays in L1. (The blocked kernel
     * would spend three quarters of its FMAs on copies of the one row, and read B in short, strided runs.)
     */
    private static void axpyRows(int bt, int from, int to, int k, Operand a, float[] w, int bBase, int ldb, float[] c, int cBase) {
        int vectorEnd = from + S.loopBound(to - from);
        // Pass p takes rows p, p + span, ..., p + 7 span: eight streams that run on through consecutive rows, where
        // eight adjacent rows would be eight short streams ending together (bench/README.md: the single-row shapes).
        int span = k / 8, ld = span * ldb;
        for (int p = 0; p < span; p++) {
            int r0 = bBase + p * ldb, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld, r4 = r3 + ld, r5 = r4 + ld, r6 = r5 + ld, r7 = r6 + ld;
            float x0 = a.at(bt, 0, p), x1 = a.at(bt, 0, p + span), x2 = a.at(bt, 0, p + 2 * span), x3 = a.at(bt, 0, p + 3 * span);
            float x4 = a.at(bt, 0, p + 4 * span), x5 = a.at(bt, 0, p + 5 * span), x6 = a.at(bt, 0, p + 6 * span), x7 = a.at(bt, 0, p + 7 * span);
            FloatVector v0 = FloatVector.broadcast(S, x0), v1 = FloatVector.broadcast(S, x1), v2 = FloatVector.broadcast(S, x2);
            FloatVector v3 = FloatVector.broadcast(S, x3), v4 = FloatVector.broadcast(S, x4), v5 = FloatVector.broadcast(S, x5);
            FloatVector v6 = FloatVector.broadcast(S, x6), v7 = FloatVector.broadcast(S, x7);
            for (int j = from; j < vectorEnd; j += L) {
                // Two chains of four fused multiply-adds: half the latency of one chain of eight.
                FloatVector low = FloatVector.fromArray(S, c, cBase + j);
                low = v0.fma(FloatVector.fromArray(S, w, r0 + j), low);
                FloatVector high = v4.mul(FloatVector.fromArray(S, w, r4 + j));
                low = v1.fma(FloatVector.fromArray(S, w, r1 + j), low);
                high = v5.fma(FloatVector.fromArray(S, w, r5 + j), high);
                low = v2.fma(FloatVector.fromArray(S, w, r2 + j), low);
                high = v6.fma(FloatVector.fromArray(S, w, r6 + j), high);
                low = v3.fma(FloatVector.fromArray(S, w, r3 + j), low);
                high = v7.fma(FloatVector.fromArray(S, w, r7 + j), high);
                low.add(high).intoArray(c, cBase + j);
            }
            for (int j = vectorEnd; j < to; j++) {
                c[cBase + j] += x0 * w[r0 + j] + x1 * w[r1 + j] + x2 * w[r2 + j] + x3 * w[r3 + j]
                        + x4 * w[r4 + j] + x5 * w[r5 + j] + x6 * w[r6 + j] + x7 * w[r7 + j];
            }
        }
        for (int p = 8 * span; p < k; p++) {
            int row = bBase + p * ldb;
            float x = a.at(bt, 0, p);
            FloatVector v = FloatVector.broadcast(S, x);
            for (int j = from; j < vectorEnd; j += L) {
                v.fma(FloatVector.fromArray(S, w, row + j), FloatVector.fromArray(S, c, cBase + j)).intoArray(c, cBase + j);
            }
            for (int j = vectorEnd; j < to; j++) c[cBase + j] += x * w[row + j];
        }
    }

    /** Columns of B per decoding pass over row-major weights: eight rows streamed side by side keep more loads in flight than four. */
    private static final int DECODE_COLUMNS = 8;

    /**
     * Columns [from, to) of C when B's columns are contiguous (B^T row-major): dot products, 4 rows of A x 4 columns
     * of B at a time, or 8 columns for a single row of A ({@code decoding}: far apart); B in ColumnTiles, a tile at a time.
     */
    private static void skinnyDot(int bt, int m, boolean decoding, int from, int to, int k, int ldc, Operand a, Operand b, float[] c,
                                  int cBase, float[] pairs) {
        if (a.colStride() != 1) throw new IllegalStateException("skinnyDot needs rows of A contiguous");
        float[] x = a.data();
        FloatSource w = b.source();
        int aBase = a.offset() + bt * a.batchStride(), bBase = b.offset() + bt * b.batchStride();
        int lda = a.rowStride(), ldb = b.colStride();
        if (w.tiles != null) {
            tilePasses(x, aBase, lda, m, from, to, w, bBase, ldb, k, c, cBase, ldc);
            return;
        }
        // Decoding reads bfloat16 weights 2L at a time, as L ints split into the even and the odd elements, against
        // x's even and odd elements as evenOdd took them apart.
        int kv = pairs != null ? k - k % (2 * L) : k - k % L;
        float[] xv = pairs != null ? pairs : x;
        int xvBase = pairs != null ? bt * kv : aBase;
        float[] dots = new float[Math.max(16 + 16 * L, VectorMath.SUMS_SPACE)];
        if (decoding) {
            spreadPasses(xv, xvBase, x, aBase, from, to, k, kv, w, bBase, ldb, c, cBase, dots);
            return;
        }
        // Four columns of B at a time, widened once into a float32 panel that every group of four rows then reads
        // from L1: one vector load per step, whatever the weights' format.
        float[] panel = new float[4 * kv];
        for (int j = from; j < to; j += 4) {
            int cols = Math.min(4, to - j);
            for (int q = 0; q < cols; q++) w.widen(bBase + (long) (j + q) * ldb, kv, panel, q * kv);
            for (int i = 0; i < m; i += 4) {
                int rows = Math.min(4, m - i);
                dotBlock(x, aBase + i * lda, lda, rows, panel, kv, dots);
                for (int r = 0; r < rows; r++)
                    for (int q = 0; q < cols; q++) {
                        c[cBase + (i + r) * ldc + j + q] += withTail(dots[r * 4 + q], x, aBase + (i + r) * lda, w, bBase + (j + q) * ldb, kv, k);
                    }
            }
        }
    }

    /**
     * Columns [from, to) of C, whole tiles, when B^T is a whole weight in {@link ColumnTiles} (see CpuBackend.operandB):
     * tile after tile, each row of A in turn (the tile read from memory once, then from cache).
     */
    private static void tilePasses(float[] x, int xa, int lda, int m, int from, int to, FloatSource w, int bBase, int ldb, int k,
                                   float[] c, int cBase, int ldc) {
        for (int j = from; j < to; j += w.tiles.rows()) {
            long tile = w.storedAt(bBase + (long) j * ldb);
            for (int i = 0; i < m; i++) {
                if (w.kind == FloatSource.Kind.BF16) tilePassBf16(x, xa + i * lda, w.segment, 2 * tile, k, c, cBase + i * ldc + j);
                else tilePass(x, xa + i * lda, w.segment, 4 * tile, k, c, cBase + i * ldc + j);
            }
        }
    }

    /**
     * Decoding's passes over row-major weights: pass j takes rows j, j + span, ..., j + 7 span of B^T (columns of C in
     * [from, to)), so each of the eight streams it reads runs on through consecutive rows instead of ending after
     * one; bfloat16 decodes faster so (bench/README.md, decoding). Weights copied off the heap are laid out in
     * ColumnTiles instead; these passes serve mapped weights and matrices of no whole tiles. The columns past the last
     * whole eight take one pass of their own.
     */
    private static void spreadPasses(float[] xv, int xvBase, float[] x, int aBase, int from, int to, int k, int kv, FloatSource w,
                                     int bBase, int ldb, float[] c, int cBase, float[] dots) {
        int span = (to - from) / DECODE_COLUMNS, rest = from + span * DECODE_COLUMNS;
        for (int j = from; j < from + span; j++) {
            dotRow(xv, xvBase, w, bBase + j * ldb, span * ldb, DECODE_COLUMNS, kv, dots);
            for (int q = 0; q < DECODE_COLUMNS; q++) {
                int col = j + q * span;
                c[cBase + col] += withTail(dots[q], x, aBase, w, bBase + col * ldb, kv, k);
            }
        }
        if (rest < to) {
            dotRow(xv, xvBase, w, bBase + rest * ldb, ldb, to - rest, kv, dots);
            for (int col = rest; col < to; col++) c[cBase + col] += withTail(dots[col - rest], x, aBase, w, bBase + col * ldb, kv, k);
        }
    }

    /** {@code dot} plus the products past the vector loop's end: {@code sum_{kv <= p < k} x[xa + p] * w[wa + p]}. */
    private static float withTail(float dot, float[] x, int xa, FloatSource w, int wa, int kv, int k) {
        for (int p = kv; p < k; p++) dot += x[xa + p] * w.scalar(wa + p);
        return dot;
    }

    /**
     * The single row of A of each batch, cut to a multiple of 2L and each block of 2L reordered: its L even elements,
     * then its L odd ones; batch b's at {@code b * (k - k % 2L)}. Once per product, not per task.
     */
    private static float[] evenOdd(int batch, int k, Operand a) {
        int n = k - k % (2 * L);
        float[] x = a.data(), out = new float[batch * n];
        for (int bt = 0; bt < batch; bt++) {
            int from = a.offset() + bt * a.batchStride();
            for (int b = 0; b < n; b += 2 * L) {
                for (int i = 0; i < L; i++) {
                    out[bt * n + b + i] = x[from + b + 2 * i];
                    out[bt * n + b + L + i] = x[from + b + 2 * i + 1];
                }
            }
        }
        return out;
    }

    /**
     * {@code dots[r*4 + q] = sum_{p < kv} x[row r, p] * panel[q*kv + p]}, each sum's lanes added left to right; rows
     * beyond the block read row 0, and the panel's columns beyond the block whatever they hold (their sums are
     * dropped). The accumulators reach the sums through {@code dots[16..]}: passed to a helper, they would be boxed.
     */
    private static void dotBlock(float[] x, int xa, int lda, int rows, float[] panel, int kv, float[] dots) {
        int x1 = rows > 1 ? xa + lda : xa, x2 = rows > 2 ? xa + 2 * lda : xa, x3 = rows > 3 ? xa + 3 * lda : xa;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int p = 0; p < kv; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, panel, p), b1 = FloatVector.fromArray(S, panel, kv + p);
            FloatVector b2 = FloatVector.fromArray(S, panel, 2 * kv + p), b3 = FloatVector.fromArray(S, panel, 3 * kv + p);
            FloatVector v = FloatVector.fromArray(S, x, xa + p);
            s00 = v.fma(b0, s00); s01 = v.fma(b1, s01); s02 = v.fma(b2, s02); s03 = v.fma(b3, s03);
            v = FloatVector.fromArray(S, x, x1 + p);
            s10 = v.fma(b0, s10); s11 = v.fma(b1, s11); s12 = v.fma(b2, s12); s13 = v.fma(b3, s13);
            v = FloatVector.fromArray(S, x, x2 + p);
            s20 = v.fma(b0, s20); s21 = v.fma(b1, s21); s22 = v.fma(b2, s22); s23 = v.fma(b3, s23);
            v = FloatVector.fromArray(S, x, x3 + p);
            s30 = v.fma(b0, s30); s31 = v.fma(b1, s31); s32 = v.fma(b2, s32); s33 = v.fma(b3, s33);
        }
        s00.intoArray(dots, 16); s01.intoArray(dots, 16 + L); s02.intoArray(dots, 16 + 2 * L); s03.intoArray(dots, 16 + 3 * L);
        s10.intoArray(dots, 16 + 4 * L); s11.intoArray(dots, 16 + 5 * L); s12.intoArray(dots, 16 + 6 * L); s13.intoArray(dots, 16 + 7 * L);
        s20.intoArray(dots, 16 + 8 * L); s21.intoArray(dots, 16 + 9 * L); s22.intoArray(dots, 16 + 10 * L); s23.intoArray(dots, 16 + 11 * L);
        s30.intoArray(dots, 16 + 12 * L); s31.intoArray(dots, 16 + 13 * L); s32.intoArray(dots, 16 + 14 * L); s33.intoArray(dots, 16 + 15 * L);
        VectorMath.sum(dots, 16, 16, dots);
    }

    /**
     * {@code dots[q] = sum_{p < kv} x[p] * w[col q, p]} for one row of A (decoding), eight columns at a time; columns
     * beyond {@code cols} read column 0. Decoding spends its time here, so the weight loads are written out per
     * format: a {@link FloatSource} call per load is compiled on its own and returns boxed vectors.
     */
    private static void dotRow(float[] x, int xa, FloatSource w, int wa, int ldb, int cols, int kv, float[] dots) {
        long w0 = wa, w1 = column(wa, ldb, cols, 1), w2 = column(wa, ldb, cols, 2), w3 = column(wa, ldb, cols, 3);
        long w4 = column(wa, ldb, cols, 4), w5 = column(wa, ldb, cols, 5), w6 = column(wa, ldb, cols, 6), w7 = column(wa, ldb, cols, 7);
        switch (w.kind) {
            case HEAP -> dotRowHeap(x, xa, w.heap, (int) w0, (int) w1, (int) w2, (int) w3, (int) w4, (int) w5, (int) w6, (int) w7, kv, dots);
            case F32 -> dotRowF32(x, xa, w.segment, w0, w1, w2, w3, w4, w5, w6, w7, kv, dots);
            case BF16 -> dotRowBf16(x, xa, w.segment, w0, w1, w2, w3, w4, w5, w6, w7, kv, dots);
        }
    }

    /** Where column q of the block starts: column 0's start for the columns past the end. */
    private static long column(int wa, int ldb, int cols, int q) {
        return q < cols ? wa + (long) q * ldb : wa;
    }

    private static void dotRowHeap(float[] x, int xa, float[] w, int w0, int w1, int w2, int w3, int w4, int w5, int w6, int w7,
                                   int kv, float[] dots) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < kv; p += L) {
            FloatVector v = FloatVector.fromArray(S, x, xa + p);
            s0 = v.fma(FloatVector.fromArray(S, w, w0 + p), s0);
            s1 = v.fma(FloatVector.fromArray(S, w, w1 + p), s1);
            s2 = v.fma(FloatVector.fromArray(S, w, w2 + p), s2);
            s3 = v.fma(FloatVector.fromArray(S, w, w3 + p), s3);
            s4 = v.fma(FloatVector.fromArray(S, w, w4 + p), s4);
            s5 = v.fma(FloatVector.fromArray(S, w, w5 + p), s5);
            s6 = v.fma(FloatVector.fromArray(S, w, w6 + p), s6);
            s7 = v.fma(FloatVector.fromArray(S, w, w7 + p), s7);
        }
        s0.intoArray(dots, 0); s1.intoArray(dots, L); s2.intoArray(dots, 2 * L); s3.intoArray(dots, 3 * L);
        s4.intoArray(dots, 4 * L); s5.intoArray(dots, 5 * L); s6.intoArray(dots, 6 * L); s7.intoArray(dots, 7 * L);
        VectorMath.sumEach(dots);
    }

    /** {@link #dotRowHeap} for float32 weights off the heap. */
    private static void dotRowF32(float[] x, int xa, MemorySegment w, long w0, long w1, long w2, long w3, long w4, long w5, long w6,
                                  long w7, int kv, float[] dots) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < kv; p += L) {
            FloatVector v = FloatVector.fromArray(S, x, xa + p);
            s0 = v.fma(FloatVector.fromMemorySegment(S, w, (w0 + p) * 4, ByteOrder.LITTLE_ENDIAN), s0);
            s1 = v.fma(FloatVector.fromMemorySegment(S, w, (w1 + p) * 4, ByteOrder.LITTLE_ENDIAN), s1);
            s2 = v.fma(FloatVector.fromMemorySegment(S, w, (w2 + p) * 4, ByteOrder.LITTLE_ENDIAN), s2);
            s3 = v.fma(FloatVector.fromMemorySegment(S, w, (w3 + p) * 4, ByteOrder.LITTLE_ENDIAN), s3);
            s4 = v.fma(FloatVector.fromMemorySegment(S, w, (w4 + p) * 4, ByteOrder.LITTLE_ENDIAN), s4);
            s5 = v.fma(FloatVector.fromMemorySegment(S, w, (w5 + p) * 4, ByteOrder.LITTLE_ENDIAN), s5);
            s6 = v.fma(FloatVector.fromMemorySegment(S, w, (w6 + p) * 4, ByteOrder.LITTLE_ENDIAN), s6);
            s7 = v.fma(FloatVector.fromMemorySegment(S, w, (w7 + p) * 4, ByteOrder.LITTLE_ENDIAN), s7);
        }
        s0.intoArray(dots, 0); s1.intoArray(dots, L); s2.intoArray(dots, 2 * L); s3.intoArray(dots, 3 * L);
        s4.intoArray(dots, 4 * L); s5.intoArray(dots, 5 * L); s6.intoArray(dots, 6 * L); s7.intoArray(dots, 7 * L);
        VectorMath.sumEach(dots);
    }

    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());

    /**
     * {@link #dotRowHeap} for bfloat16 weights, {@code x} as {@link #evenOdd} orders it. Each int holds two bfloat16
     * elements, the even one in its low half (little-endian): shifted up, and with the low half cleared, they are the
     * two elements' float32 values.
     */
    private static void dotRowBf16(float[] x, int xa, MemorySegment w, long w0, long w1, long w2, long w3, long w4, long w5, long w6,
                                   long w7, int kv, float[] dots) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < kv; p += 2 * L) {
            FloatVector even = FloatVector.fromArray(S, x, xa + p), odd = FloatVector.fromArray(S, x, xa + p + L);
            IntVector b0 = IntVector.fromMemorySegment(INTS, w, (w0 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector b1 = IntVector.fromMemorySegment(INTS, w, (w1 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector b2 = IntVector.fromMemorySegment(INTS, w, (w2 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector b3 = IntVector.fromMemorySegment(INTS, w, (w3 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            s0 = even.fma(b0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b0.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s0));
            s1 = even.fma(b1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b1.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s1));
            s2 = even.fma(b2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b2.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s2));
            s3 = even.fma(b3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b3.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s3));
            IntVector b4 = IntVector.fromMemorySegment(INTS, w, (w4 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector b5 = IntVector.fromMemorySegment(INTS, w, (w5 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector b6 = IntVector.fromMemorySegment(INTS, w, (w6 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector b7 = IntVector.fromMemorySegment(INTS, w, (w7 + p) * 2, ByteOrder.LITTLE_ENDIAN);
            s4 = even.fma(b4.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b4.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s4));
            s5 = even.fma(b5.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b5.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s5));
            s6 = even.fma(b6.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b6.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s6));
            s7 = even.fma(b7.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), odd.fma(b7.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s7));
        }
        s0.intoArray(dots, 0); s1.intoArray(dots, L); s2.intoArray(dots, 2 * L); s3.intoArray(dots, 3 * L);
        s4.intoArray(dots, 4 * L); s5.intoArray(dots, 5 * L); s6.intoArray(dots, 6 * L); s7.intoArray(dots, 7 * L);
        VectorMath.sumEach(dots);
    }

    /**
     * {@code c[ci + r] += sum_{p < k} x[xa + p] * tile[p][r]} for the 8L rows r of a float32 tile in {@link ColumnTiles},
     * from byte {@code base}: step p broadcasts x[p] against the tile's column p, eight vectors of rows, so each sum is
     * one chain of fused multiply-adds in column order, held in a register until the end.
     */
    private static void tilePass(float[] x, int xa, MemorySegment w, long base, int k, float[] c, int ci) {
        // Offsets from the start of a slice the tile's size: C2 then drops the bounds checks from the whole loop.
        MemorySegment tile = w.asSlice(base, 4L * 8 * L * k);
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, x[xa + p]);
            long at = p * (4L * 8 * L);
            s0 = v.fma(FloatVector.fromMemorySegment(S, tile, at, ByteOrder.LITTLE_ENDIAN), s0);
            s1 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 1 * 4L * L, ByteOrder.LITTLE_ENDIAN), s1);
            s2 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 2 * 4L * L, ByteOrder.LITTLE_ENDIAN), s2);
            s3 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 3 * 4L * L, ByteOrder.LITTLE_ENDIAN), s3);
            s4 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 4 * 4L * L, ByteOrder.LITTLE_ENDIAN), s4);
            s5 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 5 * 4L * L, ByteOrder.LITTLE_ENDIAN), s5);
            s6 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 6 * 4L * L, ByteOrder.LITTLE_ENDIAN), s6);
            s7 = v.fma(FloatVector.fromMemorySegment(S, tile, at + 7 * 4L * L, ByteOrder.LITTLE_ENDIAN), s7);
        }
        s0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        s1.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        s2.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        s3.add(FloatVector.fromArray(S, c, ci + 3 * L)).intoArray(c, ci + 3 * L);
        s4.add(FloatVector.fromArray(S, c, ci + 4 * L)).intoArray(c, ci + 4 * L);
        s5.add(FloatVector.fromArray(S, c, ci + 5 * L)).intoArray(c, ci + 5 * L);
        s6.add(FloatVector.fromArray(S, c, ci + 6 * L)).intoArray(c, ci + 6 * L);
        s7.add(FloatVector.fromArray(S, c, ci + 7 * L)).intoArray(c, ci + 7 * L);
    }

    /**
     * {@link #tilePass} for the 4L rows of a bfloat16 tile, from byte {@code base}: each of a column's two int vectors
     * widens into two float vectors of consecutive rows (see {@link ColumnTiles}), the same chains of fused
     * multiply-adds.
     */
    private static void tilePassBf16(float[] x, int xa, MemorySegment w, long base, int k, float[] c, int ci) {
        MemorySegment tile = w.asSlice(base, 2L * 4 * L * k);
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, x[xa + p]);
            long at = p * (2L * 4 * L);
            IntVector b0 = IntVector.fromMemorySegment(INTS, tile, at, ByteOrder.LITTLE_ENDIAN);
            IntVector b1 = IntVector.fromMemorySegment(INTS, tile, at + 4L * L, ByteOrder.LITTLE_ENDIAN);
            s0 = v.fma(b0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s0);
            s1 = v.fma(b0.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s1);
            s2 = v.fma(b1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), s2);
            s3 = v.fma(b1.lanewise(VectorOperators.AND, HIGH_HALF).reinterpretAsFloats(), s3);
        }
        s0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        s1.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        s2.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        s3.add(FloatVector.fromArray(S, c, ci + 3 * L)).intoArray(c, ci + 3 * L);
    }
}
