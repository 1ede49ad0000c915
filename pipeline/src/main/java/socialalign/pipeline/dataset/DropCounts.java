package socialalign.pipeline.dataset;

import java.util.EnumMap;
import java.util.Map;

/** A tally of dropped posts or cases by {@link DropReason}; thread-safe. */
public final class DropCounts {
    private final EnumMap<DropReason, Long> counts = new EnumMap<>(DropReason.class);

    public synchronized void add(DropReason reason) {
        counts.merge(reason, 1L, Long::sum);
    }

    /** The counts so far, in the enum's order, reasons that never occurred left out. */
    public synchronized Map<DropReason, Long> asMap() {
        return new EnumMap<>(counts);
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
