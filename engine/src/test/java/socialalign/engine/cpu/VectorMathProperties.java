package socialalign.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
