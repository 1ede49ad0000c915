package socialalign.pipeline.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Character BLEU-4 as sacrebleu 2.x computes it with {@code tokenize="char"} (Papineni et al. 2002, "BLEU: a Method
 * for Automatic Evaluation of Machine Translation"; Post 2018, "A Call for Clarity in Reporting BLEU Scores"), on a
 * 0..1 scale (sacrebleu reports 100 times this). Tokens are {@link CharTokens}; one reference per hypothesis.
 *
 * <pre>
 *   p_n  = correct_n / total_n                  correct_n: hypothesis n-grams clipped by their reference counts
 *   p_n  = 1 / (2^k total_n)  if correct_n = 0   k-th such order: smoothing "exp" (NIST mteval-v13a, Chen and
 *                                                Cherry 2014 method 3), sacrebleu's default
 *   BP   = 1 if c >= r, else exp(1 - r / c), 0 if c = 0   (c, r: hypothesis and reference lengths)
 *   BLEU = BP exp((1/N) sum_{n=1..N} log p_n)
 * </pre>
 * Sentence BLEU uses sacrebleu's {@code sentence_bleu} defaults: effective order (N is the largest order with any
 * hypothesis n-gram, so a 3-character text can still score), and 0 when no n-gram of any order matches.
 * Corpus BLEU sums the counts over all pairs first, with N = 4 ({@code corpus_bleu} defaults).
 */
public final class CharBleu {
    public static final int MAX_ORDER = 4;

    private CharBleu() {
    }

    /** Sentence-level character BLEU-4 of {@code hypothesis} against {@code reference}, in [0, 1]. */
    public static double sentence(String hypothesis, String reference) {
        Stats s = new Stats();
        s.add(CharTokens.of(hypothesis), CharTokens.of(reference));
        return s.score(true);
    }

    /** Corpus-level character BLEU-4 of aligned hypotheses and references, in [0, 1]. */
    public static double corpus(List<String> hypotheses, List<String> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " references");
        }
        Stats s = new Stats();
        for (int i = 0; i < hypotheses.size(); i++) s.add(CharTokens.of(hypotheses.get(i)), CharTokens.of(references.get(i)));
        return s.score(false);
    }

    /** BLEU's sufficient statistics. */
    private static final class Stats {
        final long[] correct = new long[MAX_ORDER], total = new long[MAX_ORDER];
        long hypLength, refLength;

        void add(int[] hyp, int[] ref) {
            hypLength += hyp.length;
            refLength += ref.length;
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<NGram, Integer> refCounts = counts(ref, n);
                for (var e : counts(hyp, n).entrySet()) {
                    correct[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                    total[n - 1] += e.getValue();
                }
            }
        }

        double score(boolean effectiveOrder) {
            boolean anyMatch = false;
            for (long c : correct) anyMatch |= c > 0;
            if (!anyMatch) return 0;
            double brevity = hypLength >= refLength ? 1 : Math.exp(1 - (double) refLength / hypLength);
            double logSum = 0, smooth = 1;
            int order = MAX_ORDER;
            for (int n = 1; n <= MAX_ORDER; n++) {
                if (total[n - 1] == 0) {
                    // sacrebleu stops here; without effective order the missing precisions are 0 and BLEU is 0.
                    if (!effectiveOrder) return 0;
                    break;
                }
                if (effectiveOrder) order = n;
                double p;
                if (correct[n - 1] == 0) {
                    smooth *= 2;
                    p = 1 / (smooth * total[n - 1]);
                } else {
                    p = (double) correct[n - 1] / total[n - 1];
                }
                logSum += Math.log(p);
            }
            return brevity * Math.exp(logSum / order);
        }
    }

    private record NGram(int[] codePoints, int from, int n) {
        @Override
        public boolean equals(Object o) {
            return o instanceof NGram g && g.n == n && java.util.Arrays.equals(codePoints, from, from + n, g.codePoints, g.from, g.from + n);
        }

        @Override
        public int hashCode() {
            int h = n;
            for (int i = from; i < from + n; i++) h = 31 * h + codePoints[i];
            return h;
        }
    }

    /** The count of every n-gram of {@code tokens}. */
    static Map<NGram, Integer> counts(int[] tokens, int n) {
        Map<NGram, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= tokens.length; i++) m.merge(new NGram(tokens, i, n), 1, Integer::sum);
        return m;
    }
}
