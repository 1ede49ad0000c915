package socialalign.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collection;

/**
 * Distribution of a count (history lengths) for the statistics reports.
 *
 * @param count  how many values
 * @param min    smallest
 * @param median middle value (the lower one for an even count)
 * @param mean   arithmetic mean
 * @param max    largest
 */
public record Summary(
        @JsonProperty("count") int count,
        @JsonProperty("min") int min,
        @JsonProperty("median") int median,
        @JsonProperty("mean") double mean,
        @JsonProperty("max") int max) {

    /** Summarises {@code values}; all zero when there are none. */
    public static Summary of(Collection<Integer> values) {
        if (values.isEmpty()) {
            return new Summary(0, 0, 0, 0, 0);
        }
        int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        double mean = Math.round(values.stream().mapToInt(Integer::intValue).average().orElse(0) * 100) / 100.0;
        return new Summary(sorted.length, sorted[0], sorted[(sorted.length - 1) / 2], mean, sorted[sorted.length - 1]);
    }
}
