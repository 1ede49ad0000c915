package socialalign.pipeline.train;

import java.util.SplittableRandom;
import socialalign.autograd.optim.LrSchedule;

/**
 * Where every optimizer step of a run falls: its epoch, its window of examples, its learning rate and its dropout
 * stream, all functions of (seed, step). Nothing of it is state, so a resumed run repeats them exactly.
 */
final class Schedule {
    final int examples, accumulation, stepsPerEpoch, totalSteps, warmupSteps;
    private final long seed;
    private final LrSchedule lr;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    Schedule(int examples, TrainConfig config) {
        this.examples = examples;
        this.accumulation = config.gradientAccumulation();
        // A last, partial window still makes a step (as transformers 4.46 does at an epoch's end).
        this.stepsPerEpoch = (examples + accumulation - 1) / accumulation;
        this.totalSteps = stepsPerEpoch * config.epochs();
        this.warmupSteps = LrSchedule.warmupSteps(totalSteps, config.warmupRatio());
        this.seed = config.seed();
        this.lr = LrSchedule.warmupCosine(config.learningRate(), warmupSteps, totalSteps);
    }

    int epoch(int step) {
        return step / stepsPerEpoch;
    }

    boolean endsEpoch(int step) {
        return (step + 1) % stepsPerEpoch == 0;
    }

    /** The learning rate of step {@code step} (0-based), as a LambdaLR stepped after each optimizer step. */
    double learningRate(int step) {
        return lr.lr(step);
    }

    /** The example indices of step {@code step}'s accumulation window. */
    int[] window(int step) {
        int[] order = order(epoch(step));
        int from = (step % stepsPerEpoch) * accumulation, to = Math.min(examples, from + accumulation);
        return java.util.Arrays.copyOfRange(order, from, to);
    }

    /** The dropout stream of micro-batch {@code micro} of step {@code step}. */
    SplittableRandom dropout(int step, int micro) {
        return new SplittableRandom(mix(seed, 2, step * 1_000_003L + micro));
    }

    /** The epoch's order of the examples: a Fisher-Yates shuffle seeded by (seed, epoch). */
    private int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            SplittableRandom random = new SplittableRandom(mix(seed, 1, epoch));
            int[] order = new int[examples];
            for (int i = 0; i < examples; i++) order[i] = i;
            for (int i = examples - 1; i > 0; i--) {
                int j = random.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cachedEpoch = epoch;
            cachedOrder = order;
        }
        return cachedOrder;
    }

    /** A seed for stream {@code stream}, item {@code item}: SplitMix64's finaliser over the three. */
    static long mix(long seed, long stream, long item) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + item * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
