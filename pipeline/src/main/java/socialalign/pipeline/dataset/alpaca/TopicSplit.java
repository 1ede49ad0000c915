package socialalign.pipeline.dataset.alpaca;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The train/test split by topic: every case of a topic goes to the same side, as the reference's hand-made split
 * by topic folder does (spec B6).
 *
 * @param testTopics the ids of the test topics
 */
public record TopicSplit(Set<String> testTopics) {
    public TopicSplit {
        testTopics = Set.copyOf(testTopics);
    }

    /**
     * A seeded random split: the topic ids, sorted, are shuffled with {@code new Random(seed)} and the first
     * {@code round(testFraction · n)} go to test. The same ids and seed always give the same split.
     */
    public static TopicSplit random(Collection<String> topicIds, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("alpaca.test_fraction must lie in [0, 1], got " + testFraction);
        }
        List<String> shuffled = new ArrayList<>(new TreeSet<>(topicIds));
        Collections.shuffle(shuffled, new Random(seed));
        return new TopicSplit(Set.copyOf(shuffled.subList(0, (int) Math.round(testFraction * shuffled.size()))));
    }

    /** The source's own split: topics whose split is {@code "test"}. */
    public static TopicSplit fromSource(Map<String, String> splitByTopic) {
        return new TopicSplit(Set.copyOf(splitByTopic.entrySet().stream()
                .filter(e -> "test".equals(e.getValue())).map(Map.Entry::getKey).toList()));
    }

    /** Whether {@code topicId} is a test topic. */
    public boolean isTest(String topicId) {
        return testTopics.contains(topicId);
    }
}
