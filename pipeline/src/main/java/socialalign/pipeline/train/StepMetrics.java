package socialalign.pipeline.train;

/**
 * What one optimizer step reports (one line of {@code metrics.jsonl}).
 *
 * @param step           1-based number of optimizer steps done
 * @param loss           token-level mean cross-entropy over the step's accumulation window
 * @param learningRate   the learning rate this step used
 * @param gradNorm       the global gradient norm before clipping
 * @param tokens         tokens (inputs) processed in this step
 * @param tokensPerSecond over the run so far (this process)
 */
public record StepMetrics(int step, int totalSteps, int epoch, double loss, double learningRate, double gradNorm,
                          long tokens, double tokensPerSecond, double elapsedSeconds) {
}
