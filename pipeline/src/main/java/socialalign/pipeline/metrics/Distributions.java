package socialalign.pipeline.metrics;

import java.util.List;

/**
 * Distances between two discrete distributions over the same categories (the macro level: an event's predicted
 * sentiment distribution against its real one). Arguments are probability vectors: same length, entries &gt;= 0,
 * summing to 1 within 1e-9 ({@link #of} and {@link #normalise} make them). Logarithms are natural (nats).
 */
public final class Distributions {
    /** The default additive smoothing of {@link #klDivergence(double[], double[])}. */
    public static final double KL_EPSILON = 1e-3;
    private static final double SUM_TOLERANCE = 1e-9;

    private Distributions() {
    }

    /** The empirical distribution of {@code labels} over {@code categories} (in their order); a label outside them is an error. */
    public static <E> double[] of(List<E> labels, List<E> categories) {
        if (labels.isEmpty()) throw new IllegalArgumentException("no labels to make a distribution of");
        double[] p = new double[categories.size()];
        for (E label : labels) {
            int i = categories.indexOf(label);
            if (i < 0) throw new IllegalArgumentException("label " + label + " is not one of " + categories);
            p[i]++;
        }
        return normalise(p);
    }

    /** {@code counts / sum(counts)}; counts must be non-negative with a positive sum. */
    public static double[] normalise(double[] counts) {
        double sum = 0;
        for (double c : counts) {
            if (!(c >= 0) || Double.isInfinite(c)) throw new IllegalArgumentException("counts must be finite and non-negative, got " + c);
            sum += c;
        }
        if (sum <= 0) throw new IllegalArgumentException("counts sum to 0");
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) p[i] = counts[i] / sum;
        return p;
    }

    /**
     * Jensen-Shannon divergence (Lin 1991, "Divergence measures based on the Shannon entropy"), in nats:
     * {@code JS(P, Q) = KL(P || M) / 2 + KL(Q || M) / 2} with {@code M = (P + Q) / 2} and {@code 0 log 0 = 0}.
     * Symmetric, 0 iff P = Q, at most ln 2. This is the divergence; scipy's {@code jensenshannon} returns its square
     * root (a distance). For bits divide by ln 2, see {@link #jensenShannonBits}.
     */
    public static double jensenShannon(double[] p, double[] q) {
        check(p, q);
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) js += p[i] * Math.log(p[i] / m) / 2;
            if (q[i] > 0) js += q[i] * Math.log(q[i] / m) / 2;
        }
        return Math.max(0, js);
    }

    /** {@link #jensenShannon} in bits (log base 2): in [0, 1]. */
    public static double jensenShannonBits(double[] p, double[] q) {
        return jensenShannon(p, q) / Math.log(2);
    }

    /** {@link #klDivergence(double[], double[], double)} with {@link #KL_EPSILON}. */
    public static double klDivergence(double[] p, double[] q) {
        return klDivergence(p, q, KL_EPSILON);
    }

    /**
     * Kullback-Leibler divergence {@code KL(P || Q) = sum_i p_i ln(p_i / q_i)} in nats, after additive (Lidstone)
     * smoothing of both, {@code p_i' = (p_i + eps) / (1 + k eps)} over k categories, so that a category the
     * prediction never produces gives a large but finite value. Not symmetric; 0 iff P = Q.
     */
    public static double klDivergence(double[] p, double[] q, double epsilon) {
        check(p, q);
        if (!(epsilon > 0)) throw new IllegalArgumentException("KL smoothing must be positive, got " + epsilon);
        double kl = 0, z = 1 + p.length * epsilon;
        for (int i = 0; i < p.length; i++) {
            double ps = (p[i] + epsilon) / z, qs = (q[i] + epsilon) / z;
            kl += ps * Math.log(ps / qs);
        }
        return Math.max(0, kl);
    }

    /** Total variation distance {@code TV(P, Q) = (1/2) sum_i |p_i - q_i|}, in [0, 1]. */
    public static double totalVariation(double[] p, double[] q) {
        check(p, q);
        double tv = 0;
        for (int i = 0; i < p.length; i++) tv += Math.abs(p[i] - q[i]);
        return Math.min(1, tv / 2);
    }

    /**
     * Earth mover's distance (Wasserstein-1; Rubner, Tomasi and Guibas 2000) between distributions over ordered
     * categories one step apart (negative, neutral, positive): {@code EMD = sum_{i < k-1} |F_P(i) - F_Q(i)|} with F the
     * cumulative distributions, the mass times the number of steps it must move; in [0, k - 1]. Equal to
     * {@code scipy.stats.wasserstein_distance(range(k), range(k), p, q)}.
     */
    public static double earthMovers(double[] p, double[] q) {
        check(p, q);
        double emd = 0, fp = 0, fq = 0;
        for (int i = 0; i < p.length - 1; i++) {
            fp += p[i];
            fq += q[i];
            emd += Math.abs(fp - fq);
        }
        return emd;
    }

    /** Cosine similarity {@code P . Q / (|P| |Q|)}, in [0, 1] for probability vectors (1 iff P = Q). */
    public static double cosine(double[] p, double[] q) {
        check(p, q);
        double dot = 0, pp = 0, qq = 0;
        for (int i = 0; i < p.length; i++) {
            dot += p[i] * q[i];
            pp += p[i] * p[i];
            qq += q[i] * q[i];
        }
        return Math.min(1, dot / Math.sqrt(pp * qq));
    }

    private static void check(double[] p, double[] q) {
        if (p.length != q.length) throw new IllegalArgumentException("distributions over " + p.length + " and " + q.length + " categories");
        if (p.length == 0) throw new IllegalArgumentException("distributions over no category");
        checkProbabilities(p);
        checkProbabilities(q);
    }

    private static void checkProbabilities(double[] p) {
        double sum = 0;
        for (double v : p) {
            if (!(v >= 0)) throw new IllegalArgumentException("a probability must be non-negative, got " + v);
            sum += v;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new IllegalArgumentException("probabilities sum to " + sum + ", not 1");
    }
}
