package socialalign.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and lane sums that give the same bits however the JIT has compiled the caller. The Vector API's own
 * {@code lanewise(EXP)} and {@code reduceLanes(ADD)} do not: compiled, they use SVML and a tree of adds;
 * interpreted, {@code Math.exp} and a left-to-right sum. Here every step is one IEEE operation (add, multiply,
 * fused multiply-add, bit shifts), rounded the same way in every tier, so a training run repeats exactly.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two (Cody-Waite): n * LN2_HI is exact for |n| < 2^9.
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    // Adding then subtracting 1.5 * 2^23 rounds to the nearest integer.
    private static final float ROUND = 12582912f;
    // Below LOW the result would need an exponent under 2^-125: flushed to zero. Above HIGH it overflows.
    private static final float LOW = -86.5f, HIGH = 88.72283935546875f;
    // 1/k! for k = 7 down to 2: Taylor to degree 7 is exact to 5e-9 relative on |r| <= ln2 / 2.
    private static final float C7 = 1 / 5040f, C6 = 1 / 720f, C5 = 1 / 120f, C4 = 1 / 24f, C3 = 1 / 6f, C2 = 0.5f;

    /** e^x to about 1 ulp: x = n ln2 + r, e^x = 2^n e^r. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(LOW).min(HIGH);
        FloatVector n = xc.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, C7), FloatVector.broadcast(S, C6));
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // 2^n as (n - 1 + 127) << 23, times 2: n reaches 128 just below HIGH.
        IntVector bits = ((IntVector) n.convertShape(VectorOperators.F2I, INTS, 0)).add(126).lanewise(VectorOperators.LSHL, 23);
        FloatVector y = p.mul(bits.reinterpretAsFloats()).mul(2f);
        y = y.blend(0f, x.compare(VectorOperators.LT, LOW));
        return y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, HIGH));
    }

    /** The same computation for one value, so that vector lanes and scalar tails agree. */
    static float exp(float x) {
        if (x != x) return x;
        if (x < LOW) return 0f;
        if (x > HIGH) return Float.POSITIVE_INFINITY;
        float n = (x * LOG2E + ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 126) << 23) * 2f;
    }

    /** The lanes added left to right: the order the row kernels (norms, softmax, losses) were proven against PyTorch with. */
    static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < S.length(); i++) s += v.lane(i);
        return s;
    }

    /**
     * {@link #sum} of {@code count} vectors stored one after another in {@code lanes} from {@code from}: {@code out[i]}
     * gets vector i's lanes added left to right. Through memory, for kernels whose accumulators would be boxed if
     * handed to a method C2 does not inline.
     */
    static void sum(float[] lanes, int from, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            float s = 0f;
            for (int j = from + i * L, end = j + L; j < end; j++) s += lanes[j];
            out[i] = s;
        }
    }

    /**
     * The lane sums of eight vectors: {@code lanes} holds them one after another (vector q in floats [qL, qL + L)), and
     * {@code lanes[q]} becomes the sum of vector q's lanes by a fixed pairwise tree, lanes i and i ^ L/2 first, then
     * i ^ L/4, ..., i ^ 1. The matrix-vector products reduce once per output element, where a left-to-right chain held
     * decoding back; the eight trees share their shuffles (one level of two vectors costs two blends, one shuffle and
     * one add, where each vector alone would cost a shuffle and an add), and addition being commutative, each sum has
     * the bits of its own tree in every tier. The vectors come through memory, not as arguments: a call that C2 does
     * not inline would box them. {@code lanes} holds {@link #SUMS_SPACE} floats.
     */
    static void sumEach(float[] lanes) {
        FloatVector s0 = FloatVector.fromArray(S, lanes, 0), s1 = FloatVector.fromArray(S, lanes, L);
        FloatVector s2 = FloatVector.fromArray(S, lanes, 2 * L), s3 = FloatVector.fromArray(S, lanes, 3 * L);
        FloatVector s4 = FloatVector.fromArray(S, lanes, 4 * L), s5 = FloatVector.fromArray(S, lanes, 5 * L);
        FloatVector s6 = FloatVector.fromArray(S, lanes, 6 * L), s7 = FloatVector.fromArray(S, lanes, 7 * L);
        // A level for vectors a and b: lanes with bit h clear take a's sums of lanes i and i ^ h, lanes with it set b's.
        VectorMask<Float> upper = upper(L / 2);
        VectorShuffle<Float> swap = swap(L / 2);
        FloatVector r01 = s0.blend(s1, upper).add(s1.blend(s0, upper).rearrange(swap));
        FloatVector r23 = s2.blend(s3, upper).add(s3.blend(s2, upper).rearrange(swap));
        FloatVector r45 = s4.blend(s5, upper).add(s5.blend(s4, upper).rearrange(swap));
        FloatVector r67 = s6.blend(s7, upper).add(s7.blend(s6, upper).rearrange(swap));
        upper = upper(L / 4);
        swap = swap(L / 4);
        FloatVector q0 = r01.blend(r23, upper).add(r23.blend(r01, upper).rearrange(swap));
        FloatVector q1 = r45.blend(r67, upper).add(r67.blend(r45, upper).rearrange(swap));
        if (L >= 8) {
            upper = upper(L / 8);
            swap = swap(L / 8);
            FloatVector t = q0.blend(q1, upper).add(q1.blend(q0, upper).rearrange(swap));
            if (L == 16) t = t.add(t.rearrange(swap(1)));
            t.intoArray(lanes, 8 * L);
        } else {
            q0.intoArray(lanes, 8 * L);
            q1.intoArray(lanes, 9 * L);
        }
        for (int q = 0; q < 8; q++) lanes[q] = lanes[8 * L + SLOT[q]];
    }

    /** Floats {@link #sumEach} needs: the eight vectors, and room for its last level's. */
    static final int SUMS_SPACE = 10 * L;

    // Lane i taking lane i ^ h, and the lanes with bit h set, for h = 8, 4, 2, 1 (those beyond the vector unused). Fields,
    // not an array: C2 folds a static final field into the instruction, not an array's elements.
    private static final VectorShuffle<Float> SWAP8 = swapOf(8), SWAP4 = swapOf(4), SWAP2 = swapOf(2), SWAP1 = swapOf(1);
    private static final VectorMask<Float> UPPER8 = upperOf(8), UPPER4 = upperOf(4), UPPER2 = upperOf(2), UPPER1 = upperOf(1);

    private static VectorShuffle<Float> swap(int h) {
        return h == 8 ? SWAP8 : h == 4 ? SWAP4 : h == 2 ? SWAP2 : SWAP1;
    }

    private static VectorMask<Float> upper(int h) {
        return h == 8 ? UPPER8 : h == 4 ? UPPER4 : h == 2 ? UPPER2 : UPPER1;
    }

    private static VectorShuffle<Float> swapOf(int h) {
        if (L < 4 || L > 16) throw new ExceptionInInitializerError("sumEach takes vectors of 4 to 16 floats, not " + L);
        return VectorShuffle.fromOp(S, i -> (i ^ h) & (L - 1));
    }

    private static VectorMask<Float> upperOf(int h) {
        long lanes = 0;
        for (int i = 0; i < L; i++) if ((i & h) != 0) lanes |= 1L << i;
        return VectorMask.fromLong(S, lanes);
    }

    /**
     * Where {@link #sumEach}'s last level leaves vector q's sum, from {@code lanes[8L]}: found by running the levels on
     * vectors whose lanes all hold q + 1, where only vector q's lanes add up to L (q + 1).
     */
    private static final int[] SLOT = new int[8];
    static {
        float[] lanes = new float[SUMS_SPACE];
        for (int i = 0; i < 8 * L; i++) lanes[i] = i / L + 1;
        sumEach(lanes);
        for (int q = 0; q < 8; q++) {
            int slot = 0;
            while (lanes[8 * L + slot] != L * (q + 1f)) slot++;
            SLOT[q] = slot;
        }
    }
}
