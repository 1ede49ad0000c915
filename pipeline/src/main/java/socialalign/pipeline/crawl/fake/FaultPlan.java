package socialalign.pipeline.crawl.fake;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Which faults the fake Weibo injects.
 *
 * @param rate           probability that a request gets a transient fault
 * @param transientKinds the transient faults drawn from (uniformly)
 * @param stall          how long a {@link Fault#TIMEOUT} keeps the client waiting (beyond its timeout)
 * @param blockAfter     from this request number on, every request gets {@code block}; -1 never
 * @param block          the blocking fault ({@link Fault#TEAPOT_418}, {@link Fault#FORBIDDEN_403}, {@link Fault#LOGIN_REDIRECT}, {@link Fault#CAPTCHA})
 * @param brokenPaths    URL substrings that are always answered with a malformed page
 * @param seed           seed of the fault draws
 */
public record FaultPlan(double rate, List<Fault> transientKinds, Duration stall, long blockAfter, Fault block,
                        List<String> brokenPaths, long seed) {

    /** A fault the fake can inject. */
    public enum Fault {
        SERVER_500, SERVICE_503, TIMEOUT, TRUNCATED, MALFORMED,
        TEAPOT_418, FORBIDDEN_403, LOGIN_REDIRECT, CAPTCHA
    }

    /** Every transient fault. */
    public static final List<Fault> TRANSIENT = List.of(Fault.SERVER_500, Fault.SERVICE_503, Fault.TIMEOUT, Fault.TRUNCATED, Fault.MALFORMED);

    public FaultPlan {
        transientKinds = List.copyOf(transientKinds);
        brokenPaths = List.copyOf(brokenPaths);
    }

    /** No faults at all. */
    public static FaultPlan none() {
        return new FaultPlan(0, List.of(), Duration.ZERO, -1, null, List.of(), 0);
    }

    /** Transient faults of every kind at {@code rate}. */
    public static FaultPlan transientFaults(double rate, Duration stall, long seed) {
        return new FaultPlan(rate, TRANSIENT, stall, -1, null, List.of(), seed);
    }

    /** Blocks every request from number {@code after} on. */
    public static FaultPlan blockAfter(long after, Fault block) {
        return new FaultPlan(0, List.of(), Duration.ZERO, after, block, List.of(), 0);
    }

    /** These URL substrings always get a malformed page. */
    public static FaultPlan broken(List<String> paths) {
        return new FaultPlan(0, List.of(), Duration.ZERO, -1, null, paths, 0);
    }

    Random random() {
        return new Random(seed);
    }
}
