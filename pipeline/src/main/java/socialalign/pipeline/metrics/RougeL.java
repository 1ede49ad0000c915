package socialalign.pipeline.metrics;

/**
 * Character ROUGE-L F1 (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries", section 3.1) over
 * {@link CharTokens}: with L the length of the longest common subsequence of hypothesis X and reference Y,
 * {@code P = L / |X|}, {@code R = L / |Y|}, {@code F1 = 2 P R / (P + R)} (beta = 1, as Google's rouge-score reports
 * {@code fmeasure}); 0 when L = 0. Characters, not words, because Chinese has no spaces and rouge-score's default
 * tokenizer drops non-ASCII text.
 */
public final class RougeL {
    private RougeL() {
    }

    public static double f1(String hypothesis, String reference) {
        int[] x = CharTokens.of(hypothesis), y = CharTokens.of(reference);
        int l = lcs(x, y);
        if (l == 0) return 0;
        double p = (double) l / x.length, r = (double) l / y.length;
        return 2 * p * r / (p + r);
    }

    /** Length of the longest common subsequence, by the classic dynamic programme in two rows: O(|x| |y|) time. */
    static int lcs(int[] x, int[] y) {
        int[] previous = new int[y.length + 1], current = new int[y.length + 1];
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[y.length];
    }
}
