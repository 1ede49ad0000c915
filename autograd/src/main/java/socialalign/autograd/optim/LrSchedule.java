package socialalign.autograd.optim;

/**
 * A learning rate per optimizer step, as Hugging Face's LambdaLR schedules: step s (0-based, the number of
 * scheduler steps taken before this optimizer step) gets {@code baseLr * factor(s)}.
 */
public interface LrSchedule {
    double lr(int step);

    static LrSchedule constant(double lr) {
        return step -> lr;
    }

    /**
     * transformers.get_cosine_schedule_with_warmup (num_cycles 0.5): linear warmup {@code s / warmup}, then
     * {@code max(0, (1 + cos(pi * progress)) / 2)} with {@code progress = (s - warmup) / (total - warmup)}.
     */
    static LrSchedule warmupCosine(double baseLr, int warmupSteps, int totalSteps) {
        return step -> {
            if (step < warmupSteps) return baseLr * step / Math.max(1, warmupSteps);
            double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
            return baseLr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
        };
    }

    /** Hugging Face's warmup steps for a ratio: {@code ceil(total * ratio)}. */
    static int warmupSteps(int totalSteps, double ratio) {
        return (int) Math.ceil(totalSteps * ratio);
    }
}
