package socialalign.pipeline.sentiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The features a model knows, each with an id: those found in at least {@code minDocs} training posts, ordered by
 * document frequency (then by text) so that the same data always gives the same ids. Unknown features are dropped.
 */
public final class Vocabulary {
    private final List<String> features;
    private final Map<String, Integer> ids;

    public Vocabulary(List<String> features) {
        this.features = List.copyOf(features);
        this.ids = new HashMap<>(features.size() * 2);
        for (int i = 0; i < this.features.size(); i++) {
            if (ids.put(this.features.get(i), i) != null) throw new IllegalArgumentException("feature listed twice: " + this.features.get(i));
        }
    }

    /** The features of {@code docs} found in at least {@code minDocs} of them. */
    public static Vocabulary build(List<String> docs, TextFeatures features, int minDocs) {
        Map<String, Integer> df = new HashMap<>();
        for (String doc : docs) {
            for (String f : new HashSet<>(features.of(doc))) df.merge(f, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (var e : df.entrySet()) if (e.getValue() >= minDocs) kept.add(e);
        kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        return new Vocabulary(kept.stream().map(Map.Entry::getKey).toList());
    }

    public int size() {
        return features.size();
    }

    public List<String> features() {
        return features;
    }

    /** The ids of the known features among {@code bag}, repeats kept. */
    public int[] ids(List<String> bag) {
        int[] out = new int[bag.size()];
        int n = 0;
        for (String f : bag) {
            Integer id = ids.get(f);
            if (id != null) out[n++] = id;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
