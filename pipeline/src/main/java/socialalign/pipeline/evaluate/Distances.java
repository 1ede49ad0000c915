package socialalign.pipeline.evaluate;

import socialalign.pipeline.metrics.Distributions;

/**
 * How far a predicted distribution lies from the real one ({@link Distributions}): Jensen-Shannon divergence (nats),
 * KL(real || predicted) with additive smoothing, total variation, the earth mover's distance over ordered categories
 * (polarity only; null for emotions, which have no order) and cosine similarity.
 */
public record Distances(double js, double kl, double tv, Double emd, double cosine) {

    /** The distances of {@code predicted} from {@code real}; {@code ordered} categories also get the EMD. */
    public static Distances of(double[] predicted, double[] real, boolean ordered) {
        return new Distances(Distributions.jensenShannon(predicted, real), Distributions.klDivergence(real, predicted),
                Distributions.totalVariation(predicted, real), ordered ? Distributions.earthMovers(predicted, real) : null,
                Distributions.cosine(predicted, real));
    }
}
