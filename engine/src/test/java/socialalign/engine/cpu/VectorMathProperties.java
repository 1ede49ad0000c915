package socialalign.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

class VectorMathProperties {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Property(tries = 2000)
    void expIsWithinTwoUlpsAndLanesEqualTheScalarPath(@ForAll @FloatRange(min = -86.4f, max = 88.7f) float x) {
        float scalar = VectorMath.exp(x);
        double exact = Math.exp(x);
        assertTrue(Math.abs(scalar - exact) <= 2 * Math.ulp((float) exact), x + ": " + scalar + " vs " + exact);
        float[] lanes = new float[L];
        VectorMath.exp(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x)).intoArray(lanes, 0);
        for (float lane : lanes) assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(lane));
    }

    @Test
    void expEdges() {
        assertEquals(1f, VectorMath.exp(0f));
        assertEquals(0f, VectorMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, VectorMath.exp(-100f));
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(89f));
        assertTrue(Float.isNaN(VectorMath.exp(Float.NaN)));
        float nearMax = VectorMath.exp(88.7f);
        assertTrue(Math.abs(nearMax - Math.exp(88.7f)) <= 2 * Math.ulp(nearMax));
    }

    @Property(tries = 500)
    void sumEachGivesEachVectorsPairwiseTreeBitForBit(@ForAll("eightVectors") float[] vectors) {
        float[] lanes = java.util.Arrays.copyOf(vectors, VectorMath.SUMS_SPACE);
        VectorMath.sumEach(lanes);
        for (int q = 0; q < 8; q++) {
            float[] tree = java.util.Arrays.copyOfRange(vectors, q * L, q * L + L);
            for (int h = L / 2; h >= 1; h /= 2) {
                float[] next = new float[L];
                for (int i = 0; i < L; i++) next[i] = tree[i] + tree[i ^ h];
                tree = next;
            }
            assertEquals(Float.floatToIntBits(tree[0]), Float.floatToIntBits(lanes[q]), "vector " + q);
        }
    }

    @Property(tries = 200)
    void sumOfStoredVectorsIsEachVectorsLeftToRightSum(@ForAll("eightVectors") float[] vectors) {
        float[] lanes = new float[3 + vectors.length], out = new float[8];
        System.arraycopy(vectors, 0, lanes, 3, vectors.length);
        VectorMath.sum(lanes, 3, 8, out);
        for (int q = 0; q < 8; q++) {
            float expected = VectorMath.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, vectors, q * L));
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[q]), "vector " + q);
        }
    }

    @Provide
    Arbitrary<float[]> eightVectors() {
        // Magnitudes from 1e-3 to 1e5, so that sums in another order would round differently.
        Arbitrary<Float> lane = Arbitraries.floats().between(-3, 5).flatMap(e -> Arbitraries.floats().between(-10, 10)
                .map(m -> m * (float) Math.pow(10, e)));
        return lane.array(float[].class).ofSize(8 * L);
    }

    @Test
    void sumAddsLanesLeftToRight() {
        float[] v = new float[L];
        v[0] = 1e8f;
        v[1] = 1f;
        v[L - 1] = -1e8f;
        // Left to right: (1e8 + 1) rounds to 1e8, then - 1e8 gives exactly 0.
        assertEquals(0f, VectorMath.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, v, 0)));
    }
}
