package socialalign.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void quantilesInterpolateLinearlyAsNumPy() {
        // numpy.percentile([1, 2, 3, 4], 25): h = (4 - 1) * 0.25 = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75
        assertEquals(1.75, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
        assertEquals(4, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 1), 1e-12);
    }

    @Test
    void constantValuesHaveAZeroWidthInterval() {
        var ci = Bootstrap.meanCi(new double[] {2, 2, 2}, 7);
        assertEquals(new Bootstrap.MeanCi(2, 2, 2, 0.95, 10_000), ci);
    }

    @Test
    void intervalMatchesTheNormalApproximation() {
        // 0..99: mean 49.5, population sd sqrt((100^2 - 1) / 12) = 28.866, standard error 2.8866;
        // the 95% interval is about 49.5 -/+ 1.96 * 2.8866 = [43.84, 55.16].
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) v[i] = i;
        var ci = Bootstrap.meanCi(v, 42);
        assertEquals(49.5, ci.mean(), 1e-12);
        assertEquals(43.84, ci.lower(), 0.4);
        assertEquals(55.16, ci.upper(), 0.4);
    }

    @Test
    void theSeedFixesTheInterval() {
        double[] v = {0.1, 0.5, 0.2, 0.9, 0.3};
        assertEquals(Bootstrap.meanCi(v, 1000, 0.9, 5), Bootstrap.meanCi(v, 1000, 0.9, 5));
    }
}
