package socialalign.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionsTest {
    private static final double EPS = 1e-12;
    private static final double[] NEGATIVE = {1, 0, 0}, POSITIVE = {0, 0, 1};
    private static final double[] P = {0.5, 0.5, 0}, Q = {0, 0.5, 0.5};

    @Test
    void empiricalDistribution() {
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, Distributions.of(List.of("neg", "neu", "neu", "pos"), List.of("neg", "neu", "pos")), EPS);
        assertThrows(IllegalArgumentException.class, () -> Distributions.of(List.of("x"), List.of("neg")));
    }

    @Test
    void oppositeCertainties() {
        // M = (1/2, 0, 1/2); KL(P||M) = 1 * ln(1 / (1/2)) = ln 2, same for Q; JS = ln 2 (its maximum), 1 bit.
        assertEquals(Math.log(2), Distributions.jensenShannon(NEGATIVE, POSITIVE), EPS);
        assertEquals(1, Distributions.jensenShannonBits(NEGATIVE, POSITIVE), EPS);
        // TV = (1 + 0 + 1) / 2 = 1; EMD: F = (1, 1) vs (0, 0) -> 1 + 1 = 2 steps; cosine = 0.
        assertEquals(1, Distributions.totalVariation(NEGATIVE, POSITIVE), EPS);
        assertEquals(2, Distributions.earthMovers(NEGATIVE, POSITIVE), EPS);
        assertEquals(0, Distributions.cosine(NEGATIVE, POSITIVE), EPS);
    }

    @Test
    void overlappingDistributions() {
        // M = (1/4, 1/2, 1/4); KL(P||M) = 1/2 ln 2 + 1/2 ln 1 = ln2 / 2, KL(Q||M) the same; JS = ln2 / 2.
        assertEquals(Math.log(2) / 2, Distributions.jensenShannon(P, Q), EPS);
        // TV = (1/2 + 0 + 1/2) / 2 = 1/2
        assertEquals(0.5, Distributions.totalVariation(P, Q), EPS);
        // F_P = (1/2, 1), F_Q = (0, 1/2): EMD = 1/2 + 1/2 = 1 (half the mass moves two steps)
        assertEquals(1, Distributions.earthMovers(P, Q), EPS);
        // P.Q = 1/4, |P| = |Q| = sqrt(1/2): cosine = (1/4) / (1/2) = 1/2
        assertEquals(0.5, Distributions.cosine(P, Q), EPS);
    }

    @Test
    void smoothedKl() {
        // P = (1, 0), Q = (1/2, 1/2), eps = 0.1: z = 1 + 2 * 0.1 = 1.2
        //   P' = (1.1/1.2, 0.1/1.2) = (11/12, 1/12), Q' = (0.6/1.2, 0.6/1.2) = (1/2, 1/2)
        //   KL = 11/12 ln(11/6) + 1/12 ln(1/6) = 0.4063111975037847
        assertEquals(11.0 / 12 * Math.log(11.0 / 6) + 1.0 / 12 * Math.log(1.0 / 6), Distributions.klDivergence(new double[] {1, 0}, new double[] {0.5, 0.5}, 0.1), EPS);
        assertEquals(0.4063111975037847, Distributions.klDivergence(new double[] {1, 0}, new double[] {0.5, 0.5}, 0.1), EPS);
        assertEquals(0, Distributions.klDivergence(P, P), EPS);
    }

    @Test
    void refusesWhatIsNoDistribution() {
        assertThrows(IllegalArgumentException.class, () -> Distributions.jensenShannon(new double[] {0.5, 0.4}, new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> Distributions.totalVariation(new double[] {1}, new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> Distributions.normalise(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Distributions.normalise(new double[] {1, -1}));
    }
}
