package socialalign.engine;

/**
 * The error function in double precision (Java has none). Two expansions, each used where it converges
 * without cancellation, so the result is accurate to a few ulps:
 * <ul>
 *   <li>|x| < 3: erf x = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)) (A&S 7.1.6, all terms positive);</li>
 *   <li>|x| >= 3: erfc x as the continued fraction of A&S 7.1.14, evaluated by the modified Lentz method.</li>
 * </ul>
 */
public final class Erf {
    private Erf() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double z = Math.abs(x);
        double r = z < 3 ? series(z) : 1 - continuedFraction(z);
        return x < 0 ? -r : r;
    }

    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= 3) return continuedFraction(x);
        if (x <= -3) return 2 - continuedFraction(-x);
        return 1 - erf(x);
    }

    /** Standard normal CDF. */
    public static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double series(double z) {
        double term = z, sum = z, z2 = 2 * z * z;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= z2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
    }

    // erfc z = e^(-z^2)/sqrt(pi) * 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...))))).
    private static double continuedFraction(double z) {
        if (z > 27) return 0; // e^(-729) underflows
        double tiny = 1e-300;
        double f = z, c = z, d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = z + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = z + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return ONE_OVER_SQRT_PI * Math.exp(-z * z) / f;
    }
}
