package socialalign.pipeline.dataset.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Okapi BM25 exactly as the reference's {@code retrieve_relevant_doc.py} computes it (spec B5), over token lists:
 * <pre>
 * score(q, d) = Σ_{w ∈ q} IDF(w) · f(w,d)·(k1+1) / (f(w,d) + k1·(1 − b + b·|d|/avgdl))
 * IDF(w)      = ln((N − df(w) + 0.5) / (df(w) + 0.5) + 1)
 * </pre>
 * Repeated query tokens count once per occurrence; query tokens outside the corpus vocabulary are skipped; ranks
 * are a stable sort by descending score, so ties keep the input order.
 *
 * @param k1 term-frequency saturation (reference 1.5)
 * @param b  length normalisation (reference 0.75)
 */
public record Bm25(double k1, double b) {
    /** The reference's parameters, k1 = 1.5 and b = 0.75. */
    public static final Bm25 REFERENCE = new Bm25(1.5, 0.75);

    /** A document's index in the input list and its score. */
    public record Ranked(int index, double score) {
    }

    /** The BM25 score of every document for {@code query}, in input order. */
    public double[] scores(List<String> query, List<List<String>> documents) {
        int n = documents.size();
        double[] scores = new double[n];
        if (n == 0) {
            return scores;
        }
        List<Map<String, Integer>> frequencies = new ArrayList<>(n);
        Map<String, Integer> documentFrequency = new HashMap<>();
        long totalLength = 0;
        for (List<String> doc : documents) {
            Map<String, Integer> f = new HashMap<>();
            for (String token : doc) {
                f.merge(token, 1, Integer::sum);
            }
            for (String token : f.keySet()) {
                documentFrequency.merge(token, 1, Integer::sum);
            }
            frequencies.add(f);
            totalLength += doc.size();
        }
        double avgdl = (double) totalLength / n;
        for (String w : query) {
            int df = documentFrequency.getOrDefault(w, 0);
            if (df == 0) {
                continue;
            }
            double idf = Math.log((n - df + 0.5) / (df + 0.5) + 1);
            for (int i = 0; i < n; i++) {
                int f = frequencies.get(i).getOrDefault(w, 0);
                if (f > 0) {
                    // Grouped as rank_bm25 / NumPy evaluate it, so that scores agree to the last bit.
                    scores[i] += idf * (f * (k1 + 1) / (f + k1 * (1 - b + b * documents.get(i).size() / avgdl)));
                }
            }
        }
        return scores;
    }

    /** The {@code topK} best documents, best first; equal scores keep input order. */
    public List<Ranked> top(List<String> query, List<List<String>> documents, int topK) {
        double[] scores = scores(query, documents);
        List<Ranked> ranked = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            ranked.add(new Ranked(i, scores[i]));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::score).reversed()); // List.sort is stable (TimSort)
        return List.copyOf(ranked.subList(0, Math.min(topK, ranked.size())));
    }
}
