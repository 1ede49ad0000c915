package socialalign.models.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits as Hugging Face's {@code generate} does, in its order: the repetition
 * penalty over every id of the sequence so far (prompt and generated), then, when sampling, temperature, top-k and
 * top-p, and a draw from the softmax; greedy takes the first largest score. Ids at or beyond {@code samplable}
 * (embedding rows past the tokenizer's vocabulary) are removed before anything else and never chosen.
 *
 * <p>Scores stay float32 as in Hugging Face; the softmax of top-p and of the draw is computed in double.
 */
public final class Sampler {
    private final SamplingParams params;
    private final SplittableRandom random;

    public Sampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /**
     * The next token for {@code logits} (not modified), given the first {@code length} ids of {@code sequence}
     * (the repetition penalty's context) and the number of ids that may be chosen.
     */
    public int next(float[] logits, int[] sequence, int length, int samplable) {
        float[] scores = logits.clone();
        removeBeyond(scores, samplable);
        repetitionPenalty(scores, sequence, length, params.repetitionPenalty());
        if (!params.doSample()) return argmax(scores);
        temperature(scores, params.temperature());
        if (params.topK() > 0) topK(scores, params.topK());
        if (params.topP() < 1) topP(scores, params.topP());
        return draw(softmax(scores), random.nextDouble());
    }

    static void removeBeyond(float[] scores, int samplable) {
        if (samplable <= 0) throw new IllegalArgumentException("no samplable ids (" + samplable + ")");
        if (samplable < scores.length) Arrays.fill(scores, samplable, scores.length, Float.NEGATIVE_INFINITY);
    }

    /** RepetitionPenaltyLogitsProcessor: a seen id's score is divided by the penalty when positive, multiplied when not. */
    static void repetitionPenalty(float[] scores, int[] sequence, int length, double penalty) {
        if (penalty == 1) return;
        float p = (float) penalty;
        boolean[] seen = new boolean[scores.length];
        for (int i = 0; i < length; i++) {
            int id = sequence[i];
            if (id < 0 || id >= scores.length || seen[id]) continue;
            seen[id] = true;
            scores[id] = scores[id] < 0 ? scores[id] * p : scores[id] / p;
        }
    }

    /** TemperatureLogitsWarper. */
    static void temperature(float[] scores, double temperature) {
        if (temperature == 1) return;
        float t = (float) temperature;
        for (int i = 0; i < scores.length; i++) scores[i] /= t;
    }

    /** TopKLogitsWarper: scores below the k-th largest are removed (ties with it stay). */
    static void topK(float[] scores, int k) {
        if (k >= scores.length) return;
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < scores.length; i++) if (scores[i] < kth) scores[i] = Float.NEGATIVE_INFINITY;
    }

    /**
     * TopPLogitsWarper: in ascending order of score, ids whose cumulative probability is at most {@code 1 - p} are
     * removed; the most likely id always stays. Equal scores keep ascending id order, as a stable sort does.
     */
    static void topP(float[] scores, double p) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double[] probs = softmax(scores);
        double cumulative = 0;
        for (int r = 0; r < order.length - 1; r++) {
            cumulative += probs[order[r]];
            if (cumulative > 1 - p) break;
            scores[order[r]] = Float.NEGATIVE_INFINITY;
        }
    }

    static double[] softmax(float[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (float s : scores) max = Math.max(max, s);
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /** The id where the cumulative probability first exceeds {@code u} in [0, 1) (inverse transform sampling). */
    static int draw(double[] probs, double u) {
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] == 0) continue;
            cumulative += probs[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last; // u beyond the rounded total: the last possible id
    }

    static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
        return best;
    }
}
