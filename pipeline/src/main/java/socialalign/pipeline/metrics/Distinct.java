package socialalign.pipeline.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Distinct-n (Li et al. 2016, "A Diversity-Promoting Objective Function for Neural Conversation Models"): over a set
 * of generated texts, the number of distinct character n-grams divided by the total number of character n-grams,
 * {@code |unique n-grams| / sum_t max(0, |t| - n + 1)}, in [0, 1]; 0 when there is no n-gram at all. Tokens are
 * {@link CharTokens}; n-grams do not cross text boundaries.
 */
public final class Distinct {
    private Distinct() {
    }

    public static double of(List<String> texts, int n) {
        if (n < 1) throw new IllegalArgumentException("distinct-n needs n >= 1, got " + n);
        Set<List<Integer>> unique = new HashSet<>();
        long total = 0;
        for (String text : texts) {
            int[] t = CharTokens.of(text);
            for (int i = 0; i + n <= t.length; i++) {
                List<Integer> gram = new java.util.ArrayList<>(n);
                for (int j = i; j < i + n; j++) gram.add(t[j]);
                unique.add(gram);
                total++;
            }
        }
        return total == 0 ? 0 : (double) unique.size() / total;
    }
}
