package socialalign.pipeline.metrics;

import java.util.List;

/**
 * Length ratio in {@link CharTokens}: {@code |hypothesis| / |reference|} for one pair, and for a corpus the ratio of
 * the summed lengths, {@code sum |h_i| / sum |r_i|} (sacrebleu's {@code ratio} = sys_len / ref_len). Above 1 the
 * predictions are longer than the real posts.
 */
public final class LengthRatio {
    private LengthRatio() {
    }

    public static double of(String hypothesis, String reference) {
        return corpus(List.of(hypothesis), List.of(reference));
    }

    public static double corpus(List<String> hypotheses, List<String> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " references");
        }
        long h = 0, r = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            h += CharTokens.of(hypotheses.get(i)).length;
            r += CharTokens.of(references.get(i)).length;
        }
        if (r == 0) throw new IllegalArgumentException("length ratio: the references have no characters");
        return (double) h / r;
    }
}
