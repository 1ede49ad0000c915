package socialalign.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {
    // Values from mpmath at 30 digits.
    @Test
    void matchesHighPrecisionValues() {
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(0.1124629160182848922, Erf.erf(0.1), 4e-16);
        assertEquals(0.5204998778130465377, Erf.erf(0.5), 4e-16);
        assertEquals(0.8427007929497148693, Erf.erf(1.0), 4e-16);
        assertEquals(-0.9953222650189527342, Erf.erf(-2.0), 4e-16);
        assertEquals(0.9999779095030014146, Erf.erf(3.0), 4e-16);
        assertEquals(2.209049699858544137e-5, Erf.erfc(3.0), 1e-19);
        assertEquals(1.537459794428034850e-12, Erf.erfc(5.0), 1e-25);
        assertEquals(2.088487583762544757e-45, Erf.erfc(10.0), 1e-57);
        assertEquals(1.999999999999999999, Erf.erfc(-7.0), 4e-16);
        assertEquals(0.8413447460685429486, Erf.phi(1.0), 4e-16);
    }
}
