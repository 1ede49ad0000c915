package socialalign.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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

    // Lane i swapped with lane i ^ h: the steps of a pairwise sum of up to 16 lanes.
    private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);

    private static VectorShuffle<Float> swap(int h) {
        return VectorShuffle.fromOp(S, i -> (i ^ h) & (S.length() - 1));
    }

    /** The lanes added left to right: the order the row kernels (norms, softmax, losses) were proven against PyTorch with. */
    static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < S.length(); i++) s += v.lane(i);
        return s;
    }

    /**
     * The lanes' sum by a fixed pairwise tree (lanes i and i + 8, then + 4, + 2, + 1): four shuffles and adds instead of
     * a chain of sixteen, the same bits in every tier. For matrix-vector products, which reduce once per output element,
     * where the chain of {@link #sum} held decoding back.
     */
    static float pairwiseSum(FloatVector v) {
        if (S.length() > 8) v = v.add(v.rearrange(SWAP8));
        if (S.length() > 4) v = v.add(v.rearrange(SWAP4));
        if (S.length() > 2) v = v.add(v.rearrange(SWAP2));
        return v.add(v.rearrange(SWAP1)).lane(0);
    }
}
