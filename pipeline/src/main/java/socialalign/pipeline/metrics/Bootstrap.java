package socialalign.pipeline.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mean of per-item scores (per-event divergences, per-case BLEU) with a percentile bootstrap confidence interval
 * (Efron and Tibshirani 1993, "An Introduction to the Bootstrap", chapter 13): draw {@code resamples} samples of n
 * items with replacement, take each sample's mean, and report the {@code (1 - level)/2} and {@code (1 + level)/2}
 * quantiles of those means (linear interpolation between order statistics, NumPy's default). Seeded: the same
 * inputs and seed give the same interval.
 */
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 10_000;
    public static final double DEFAULT_LEVEL = 0.95;

    private Bootstrap() {
    }

    /** A mean and its confidence interval at {@code level} (e.g. 0.95). */
    public record MeanCi(double mean, double lower, double upper, double level, int resamples) {
    }

    public static MeanCi meanCi(double[] values, long seed) {
        return meanCi(values, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    public static MeanCi meanCi(double[] values, int resamples, double level, long seed) {
        if (values.length == 0) throw new IllegalArgumentException("no values to average");
        if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        for (double v : values) if (!Double.isFinite(v)) throw new IllegalArgumentException("values must be finite, got " + v);
        var random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < values.length; i++) sum += values[random.nextInt(values.length)];
            means[b] = sum / values.length;
        }
        Arrays.sort(means);
        return new MeanCi(mean(values), quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2), level, resamples);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** The q-quantile of sorted values: {@code x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])}, h = (n - 1) q. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
